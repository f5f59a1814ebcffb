/**
 * Every query of the openCypher TCK through the front end: the parser and
 * the semantic checks must accept each query whose scenario expects rows,
 * side effects or a runtime error, and reject each query whose scenario
 * expects a compile-time error with exactly that type and detail. Setup
 * queries (`having executed:`) must be accepted too.
 *
 * Temporal functions (date(), datetime(), ...) are not built: a query that
 * calls them may fail with UnknownFunction.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CypherError } from '../../../src/base/errors.js';
import { parseCypher } from '../../../src/query/cypher/parser.js';
import { checkStatement } from '../../../src/query/cypher/semantic-check.js';
import { loadScenarios } from '../../tck/feature-loader.js';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const tckDir = process.env.SOMBRA_TCK_DIR ?? path.resolve(repoRoot, '../shared/tck/features');
const TEMPORAL_CALL = /\b(date|datetime|localdatetime|localtime|time|duration)\s*\(/i;

interface Outcome {
  /** `ok`, or `Type/Detail` of the CypherError. */
  got: string;
  message: string;
}

function frontEnd(text: string): Outcome {
  try {
    checkStatement(parseCypher(text), text);
    return { got: 'ok', message: '' };
  } catch (err) {
    if (err instanceof CypherError) return { got: `${err.type}/${err.detail}`, message: err.message };
    throw err;
  }
}

describe('the TCK queries through the parser and the semantic checks', () => {
  it('accepts and rejects exactly what the TCK expects at compile time', (t) => {
    if (!fs.existsSync(tckDir)) {
      t.diagnostic(`TCK folder ${tckDir} not found: nothing to check (set SOMBRA_TCK_DIR)`);
      return;
    }
    const failures: string[] = [];
    let total = 0;
    for (const scenario of loadScenarios(tckDir)) {
      let compileError: string | null = null;
      let anyTime: string | null = null;
      for (const step of scenario.steps) {
        const m = /^a (\w+) should be raised at (compile time|any time): (\w+)$/.exec(step.text);
        if (m !== null && m[2] === 'compile time') compileError = `${m[1]}/${m[3]}`;
        if (m !== null && m[2] === 'any time') anyTime = `${m[1]}/${m[3]}`;
      }
      for (const step of scenario.steps) {
        if (step.docString === null || !/^(executing (control )?query:|having executed:)$/.test(step.text)) continue;
        const text = step.docString;
        const isQueryUnderTest = step.text === 'executing query:';
        const expected = isQueryUnderTest && compileError !== null ? compileError : 'ok';
        const outcome = frontEnd(text);
        total++;
        const accepted =
          outcome.got === expected ||
          (isQueryUnderTest && anyTime !== null && outcome.got === anyTime) ||
          (expected === 'ok' && outcome.got === 'SyntaxError/UnknownFunction' && TEMPORAL_CALL.test(text));
        if (!accepted) failures.push(`${scenario.id}\n  expected ${expected}, got ${outcome.got}\n  ${text.replace(/\n/g, '\n  ')}\n  ${outcome.message.replace(/\n/g, '\n  ')}`);
      }
    }
    t.diagnostic(`${total - failures.length}/${total} TCK queries parsed and checked as expected`);
    assert.ok(total > 2000, `only ${total} TCK queries found under ${tckDir}`);
    assert.deepEqual(failures, []);
  });
});
