/**
 * The front end never fails other than with a CypherError: any text made of
 * Cypher fragments (keywords, brackets, arrows, literals, broken strings and
 * comments, Unicode) either parses and checks, or is rejected with a
 * compile-time CypherError whose position lies inside the text.
 * SOMBRA_FUZZ_RUNS raises the number of runs for a longer search.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CypherError } from '../../../src/base/errors.js';
import { parseCypher } from '../../../src/query/cypher/parser.js';
import { checkStatement } from '../../../src/query/cypher/semantic-check.js';

const FRAGMENTS = [
  'MATCH', 'OPTIONAL', 'RETURN', 'WITH', 'WHERE', 'UNWIND', 'AS', 'CREATE', 'MERGE', 'ON', 'SET', 'DELETE', 'DETACH',
  'REMOVE', 'ORDER', 'BY', 'DESC', 'SKIP', 'LIMIT', 'DISTINCT', 'UNION', 'ALL', 'EXISTS', 'CASE', 'WHEN', 'THEN',
  'ELSE', 'END', 'AND', 'OR', 'XOR', 'NOT', 'IN', 'IS', 'NULL', 'STARTS', 'count', 'reduce', 'any', 'size', 'exists',
  '(', ')', '[', ']', '{', '}', ',', ':', '.', '..', '|', '-', '->', '<-', '<', '>', '=', '<>', '+=', '=~', '*', '+',
  '/', '^', '%', 'n', 'm', 'x', 'r', 'p', '1', '-1', '1.5', '1e3', "'s'", '"t"', '$p', '`q`', '0x', '0o7',
  ';', ' ', '\n', '/*', '*/', '//', "'", '\\', '—', 'é', '🙂', '9223372036854775808',
];

const runs = Number(process.env['SOMBRA_FUZZ_RUNS'] ?? 3000);

describe('the Cypher front end on arbitrary fragments', () => {
  it('returns a statement or throws a positioned compile-time CypherError', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 30 }), fc.boolean(), (parts, spaced) => {
        const text = parts.join(spaced ? ' ' : '');
        try {
          checkStatement(parseCypher(text), text);
        } catch (err) {
          assert.ok(err instanceof CypherError, `${JSON.stringify(text)} threw ${String(err)}`);
          assert.equal(err.phase, 'compile');
          assert.ok(err.position !== null, `${JSON.stringify(text)}: no position in ${err.message}`);
          assert.ok(err.position.offset >= 0 && err.position.offset <= text.length);
        }
      }),
      { numRuns: runs, seed: 20261202 },
    );
  });

  it('valid queries keep parsing when their keywords change case and their whitespace changes', () => {
    const queries = [
      'MATCH (a:A)-[r:T*1..2]->(b) WHERE a.x > 1 AND NOT b:B RETURN a.x AS x, count(*) AS c ORDER BY x DESC SKIP 1 LIMIT 2',
      "UNWIND [1, 2] AS i WITH i WHERE i IN [1] MERGE (n:N {i: i}) ON CREATE SET n.c = true RETURN n",
      'MATCH p = (a)--(b) RETURN [x IN nodes(p) | x.name] AS names, CASE WHEN a.x IS NULL THEN 0 ELSE 1 END AS k',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...queries), fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), fc.constantFrom(' ', '\n', '  \t', ' /* c */ '), (q, upper, gap) => {
        let i = 0;
        const varied = q.replace(/\b[A-Z]{2,}\b/g, (kw) => ((upper[i++ % upper.length] ?? false) ? kw : kw.toLowerCase())).replace(/ /g, gap);
        const strip = (s: unknown): string => JSON.stringify(s, (k, v: unknown) => (k === 'span' || k === 'text' ? undefined : v));
        assert.equal(strip(parseCypher(varied)), strip(parseCypher(q)), varied);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
