// The TCK scenario runner against a scripted session (no engine needed):
// feature parsing with outline expansion and stable ids, each step kind,
// and that every mismatch (rows, order, columns, error type/detail/phase,
// side effects) fails the scenario with a reason instead of throwing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CypherError } from '../../src/base/errors.js';
import { emptyStats, type QueryResult, type QueryStats } from '../../src/query/exec/query-result.js';
import { Node, Relationship, type PublicValue } from '../../src/query/values/public-values.js';
import { BoxedFloat } from '../../src/query/values/value.js';
import { loadScenarios, parseFeature, type TckScenario } from './feature-loader.js';
import { runScenario, splitStatements, type CypherSession, type ScenarioOutcome } from './scenario-runner.js';

interface Call {
  query: string;
  params: Record<string, unknown>;
}

type Answer = QueryResult | Error | (() => QueryResult);

/** The queries the runner reads the graph with, around a query whose side effects are checked. */
const SNAPSHOT_QUERIES = new Set(['MATCH (n) RETURN n', 'MATCH ()-[r]->() RETURN r']);

/** A session that answers each query text from a script and records the calls (except graph snapshots). */
function scriptedSession(script: Record<string, Answer>, calls: Call[] = []): () => Promise<CypherSession> {
  return async () => ({
    run: async (query, params) => {
      if (!SNAPSHOT_QUERIES.has(query)) calls.push({ query, params: { ...params } });
      const answer = script[query.trim()];
      if (answer === undefined) throw new Error(`unscripted query ${query}`);
      if (answer instanceof Error) throw answer;
      return typeof answer === 'function' ? answer() : answer;
    },
    close: async () => undefined,
  });
}

function result(columns: string[], rows: PublicValue[][], stats: Partial<QueryStats> = {}): QueryResult {
  return {
    columns,
    rows: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]!]))),
    stats: { ...emptyStats(), ...stats },
  };
}

const options = { graphsDir: '/nonexistent', queryTimeoutMs: 1000 };

function feature(body: string): TckScenario[] {
  return parseFeature('clauses/test/Test1.feature', `Feature: Test1\n\n${body}`);
}

async function runOnly(body: string, script: Record<string, Answer>, calls?: Call[]): Promise<ScenarioOutcome> {
  const [scenario] = feature(body);
  assert.ok(scenario !== undefined);
  return runScenario(scenario, scriptedSession(script, calls), options);
}

const RETURN_TWO_ROWS = `
  Scenario: [1] Two rows
    Given an empty graph
    And having executed:
      """
      CREATE (:A {num: 1}), (:A {num: 2})
      """
    When executing query:
      """
      MATCH (a:A) RETURN a.num AS n, a
      """
    Then the result should be, in any order:
      | n | a                |
      | 1 | (:A {num: 1})    |
      | 2 | (:A {num: 2})    |
    And no side effects
`;

test('outlines expand to one scenario per example row with stable ids', () => {
  const scenarios = feature(`
  Scenario: [1] Plain
    Given any graph
    When executing query:
      """
      RETURN 1 AS x
      """
    Then the result should be empty

  Scenario Outline: [2] Outline <v>
    Given any graph
    When executing query:
      """
      RETURN <v> AS x
      """
    Then the result should be, in any order:
      | x   |
      | <v> |

    Examples:
      | v |
      | 1 |
      | 2 |

    Examples:
      | v   |
      | 'a' |
`);
  assert.deepEqual(
    scenarios.map((s) => s.id),
    [
      'clauses/test/Test1.feature: [1] Plain',
      'clauses/test/Test1.feature: [2] Outline <v> #1',
      'clauses/test/Test1.feature: [2] Outline <v> #2',
      'clauses/test/Test1.feature: [2] Outline <v> #3',
    ],
  );
  assert.equal(scenarios[3]!.name, "[2] Outline 'a'");
  assert.equal(scenarios[3]!.steps[1]!.docString, "RETURN 'a' AS x");
  assert.deepEqual(scenarios[3]!.steps[2]!.table, [['x'], ["'a'"]]);
});

test('rows in any order pass; setup side effects are not counted', async () => {
  const calls: Call[] = [];
  const outcome = await runOnly(
    RETURN_TWO_ROWS,
    {
      'CREATE (:A {num: 1}), (:A {num: 2})': result([], [], { nodesCreated: 2, labelsAdded: 2, propertiesSet: 2 }),
      'MATCH (a:A) RETURN a.num AS n, a': result(['n', 'a'], [
        [2, new Node(2, ['A'], { num: 2 })],
        [1, new Node(1, ['A'], { num: 1 })],
      ]),
    },
    calls,
  );
  assert.equal(outcome.failure, null);
  assert.ok(outcome.passed);
  assert.deepEqual(
    calls.map((c) => c.query),
    ['CREATE (:A {num: 1}), (:A {num: 2})', 'MATCH (a:A) RETURN a.num AS n, a'],
  );
});

test('a wrong value, a missing row or a float for an integer fails with the reason', async () => {
  const setup = { 'CREATE (:A {num: 1}), (:A {num: 2})': result([], []) };
  const q = 'MATCH (a:A) RETURN a.num AS n, a';
  const wrongNumber = await runOnly(RETURN_TWO_ROWS, { ...setup, [q]: result(['n', 'a'], [[1, new Node(1, ['A'], { num: 1 })], [3, new Node(2, ['A'], { num: 2 })]]) });
  assert.ok(!wrongNumber.passed);
  assert.equal(wrongNumber.failure!.reason, 'the rows differ (in any order): expected | 2 | (:A {num: 2}) | not found, got | 3 | (:A {num: 2}) |');
  assert.deepEqual(wrongNumber.failure!.actual, [['n', 'a'], ['1', '(:A {num: 1})'], ['3', '(:A {num: 2})']]);
  assert.equal(wrongNumber.failure!.query, q);

  const missingRow = await runOnly(RETURN_TWO_ROWS, { ...setup, [q]: result(['n', 'a'], [[1, new Node(1, ['A'], { num: 1 })]]) });
  assert.match(missingRow.failure!.reason, /expected 2 rows, got 1/);

  const floatForInt = await runOnly(RETURN_TWO_ROWS, {
    ...setup,
    [q]: result(['n', 'a'], [[new BoxedFloat(1), new Node(1, ['A'], { num: 1 })], [2, new Node(2, ['A'], { num: 2 })]]),
  });
  assert.ok(!floatForInt.passed);

  const missingCell: QueryResult = { columns: ['n', 'a'], rows: [{ n: 1, a: new Node(1, ['A'], { num: 1 }) }, { a: new Node(2, ['A'], { num: 2 }) }], stats: emptyStats() };
  const noCell = await runOnly(RETURN_TWO_ROWS, { ...setup, [q]: missingCell });
  assert.match(noCell.failure!.reason, /row 2 of the result has no value for some column/);

  const wrongColumns = await runOnly(RETURN_TWO_ROWS, { ...setup, [q]: result(['a', 'n'], []) });
  assert.match(wrongColumns.failure!.reason, /expected columns \["n","a"\], got \["a","n"\]/);
});

test('in order means in order; ignoring list order applies to cells', async () => {
  const body = (then: string): string => `
  Scenario: [1] Ordered
    Given any graph
    When executing query:
      """
      RETURN x
      """
    Then the result should be${then}:
      | x      |
      | [1, 2] |
      | [3]    |
`;
  const swappedRows = { 'RETURN x': result(['x'], [[[3]], [[1, 2]]]) };
  assert.ok((await runOnly(body(', in any order'), swappedRows)).passed);
  const inOrder = await runOnly(body(', in order'), swappedRows);
  assert.equal(inOrder.failure!.reason, 'row 1 differs (rows in order): expected | [1, 2] |, got | [3] |');
  const swappedItems = { 'RETURN x': result(['x'], [[[2, 1]], [[3]]]) };
  assert.ok(!(await runOnly(body(', in order'), swappedItems)).passed);
  assert.ok((await runOnly(body(', in order (ignoring element order for lists)'), swappedItems)).passed);
  assert.ok((await runOnly(body(' (ignoring element order for lists)'), { 'RETURN x': result(['x'], [[[3]], [[2, 1]]]) })).passed);
});

test('the result should be empty: no rows, any columns', async () => {
  const body = `
  Scenario: [1] Empty
    Given an empty graph
    When executing query:
      """
      MATCH (n) RETURN n
      """
    Then the result should be empty
    And no side effects
`;
  assert.ok((await runOnly(body, { 'MATCH (n) RETURN n': result(['n'], []) })).passed);
  const notEmpty = await runOnly(body, { 'MATCH (n) RETURN n': result(['n'], [[null]]) });
  assert.match(notEmpty.failure!.reason, /expected no rows, got 1/);
});

test('errors: type, detail and phase are compared; any time accepts both phases', async () => {
  const body = (phase: string): string => `
  Scenario: [1] Error
    Given any graph
    When executing query:
      """
      RETURN x
      """
    Then a SyntaxError should be raised at ${phase}: UndefinedVariable
`;
  const compileError = new CypherError('SyntaxError', 'UndefinedVariable', 'x is not defined', { phase: 'compile' });
  const script = { 'RETURN x': compileError };
  assert.ok((await runOnly(body('compile time'), script)).passed);
  assert.ok((await runOnly(body('any time'), script)).passed);
  const wrongPhase = await runOnly(body('runtime'), script);
  assert.match(wrongPhase.failure!.reason, /got phase compile/);
  assert.deepEqual(wrongPhase.failure!.error, { type: 'SyntaxError', detail: 'UndefinedVariable', phase: 'compile', message: 'x is not defined' });

  const wrongDetail = await runOnly(body('compile time'), { 'RETURN x': new CypherError('SyntaxError', 'VariableTypeConflict', 'm', { phase: 'compile' }) });
  assert.match(wrongDetail.failure!.reason, /got detail VariableTypeConflict/);
  const anyDetail = await runOnly(body('compile time').replace('UndefinedVariable', '*'), { 'RETURN x': new CypherError('SyntaxError', 'VariableTypeConflict', 'm', { phase: 'compile' }) });
  assert.ok(anyDetail.passed, anyDetail.failure?.reason);
  const wrongType = await runOnly(body('compile time'), { 'RETURN x': new CypherError('TypeError', 'UndefinedVariable', 'm', { phase: 'compile' }) });
  assert.match(wrongType.failure!.reason, /got type TypeError/);
  const plainError = await runOnly(body('compile time'), { 'RETURN x': new Error('boom') });
  assert.match(plainError.failure!.reason, /non-Cypher error: boom/);
  const succeeded = await runOnly(body('compile time'), { 'RETURN x': result(['x'], [[1]]) });
  assert.match(succeeded.failure!.reason, /but the query succeeded/);
});

test('a query error where rows are expected fails the scenario with the error', async () => {
  const outcome = await runOnly(RETURN_TWO_ROWS, {
    'CREATE (:A {num: 1}), (:A {num: 2})': result([], []),
    'MATCH (a:A) RETURN a.num AS n, a': new CypherError('TypeError', 'InvalidArgumentType', 'bad', { phase: 'runtime' }),
  });
  assert.match(outcome.failure!.reason, /the query failed: bad/);
  assert.equal(outcome.failure!.error?.type, 'TypeError');
});

test('a failing setup query fails the scenario', async () => {
  const outcome = await runOnly(RETURN_TWO_ROWS, { 'CREATE (:A {num: 1}), (:A {num: 2})': new Error('no CREATE yet') });
  assert.match(outcome.failure!.reason, /a setup query failed: no CREATE yet/);
  assert.equal(outcome.failure!.query, 'CREATE (:A {num: 1}), (:A {num: 2})');
});

test('side effects: listed counters must match, unlisted ones must be zero', async () => {
  const body = `
  Scenario: [1] Create
    Given an empty graph
    When executing query:
      """
      CREATE (:A {p: 1})
      """
    Then the result should be empty
    And the side effects should be:
      | +nodes      | 1 |
      | +labels     | 1 |
      | +properties | 1 |
`;
  const q = 'CREATE (:A {p: 1})';
  assert.ok((await runOnly(body, { [q]: result([], [], { nodesCreated: 1, labelsAdded: 1, propertiesSet: 1 }) })).passed);
  const extra = await runOnly(body, { [q]: result([], [], { nodesCreated: 1, labelsAdded: 1, propertiesSet: 1, relationshipsCreated: 1 }) });
  assert.match(extra.failure!.reason, /\+relationships 1 \(expected 0\)/);
  const missing = await runOnly(body, { [q]: result([], [], { nodesCreated: 1, labelsAdded: 1 }) });
  assert.match(missing.failure!.reason, /\+properties 0 \(expected 1\)/);
  assert.equal(missing.failure!.sideEffects?.['+nodes'], 1);
  assert.equal(missing.failure!.sideEffectsMeasured, null);
});

test('when the counters differ, the side effects measured on the graph are reported beside them', async () => {
  // Before: one node (:A {p: 1}), one relationship [:T {w: 2}]. The query overwrites p,
  // adds a node with the label A (a name already in use) and one with a new label B,
  // and deletes the relationship.
  let nodesNow: Node[] = [new Node(1, ['A'], { p: 1 }), new Node(2, [], {})];
  let relsNow: Relationship[] = [new Relationship(9, 'T', 1, 2, { w: 2 })];
  const q = 'MATCH (a:A) SET a.p = 2 CREATE (:A), (:B) WITH a MATCH ()-[r]->() DELETE r';
  const outcome = await runOnly(
    `
  Scenario: [1] Measured
    Given an empty graph
    When executing query:
      """
      ${q}
      """
    Then the result should be empty
    And the side effects should be:
      | +nodes | 2 |
`,
    {
      'MATCH (n) RETURN n': () => result(['n'], nodesNow.map((n) => [n])),
      'MATCH ()-[r]->() RETURN r': () => result(['r'], relsNow.map((r) => [r])),
      [q]: () => {
        nodesNow = [new Node(1, ['A'], { p: 2 }), new Node(2, [], {}), new Node(3, ['A'], {}), new Node(4, ['B'], {})];
        relsNow = [];
        return result([], [], { nodesCreated: 2, labelsAdded: 2, propertiesSet: 1, relationshipsDeleted: 1 });
      },
    },
  );
  assert.ok(!outcome.passed);
  assert.deepEqual(outcome.failure!.sideEffectsMeasured, {
    '+nodes': 2,
    '-nodes': 0,
    '+relationships': 0,
    '-relationships': 1,
    '+labels': 1,
    '-labels': 0,
    '+properties': 1,
    '-properties': 2,
  });
  assert.match(outcome.failure!.reason, /measured on the graph: \+nodes 2, -relationships 1, \+labels 1, \+properties 1, -properties 2/);
});

test('parameters are passed as API values: integers as numbers, 1.0 boxed', async () => {
  const calls: Call[] = [];
  const outcome = await runOnly(
    `
  Scenario: [1] Params
    Given any graph
    And parameters are:
      | i | 12                   |
      | f | 1.0                  |
      | g | 1.5                  |
      | m | {k: ['a', null]}     |
      | b | 9223372036854775807  |
    When executing query:
      """
      RETURN $i AS i
      """
    Then the result should be, in any order:
      | i  |
      | 12 |
`,
    { 'RETURN $i AS i': result(['i'], [[12]]) },
    calls,
  );
  assert.ok(outcome.passed, outcome.failure?.reason);
  assert.deepEqual(calls[0]!.params, { i: 12, f: new BoxedFloat(1), g: 1.5, m: { k: ['a', null] }, b: 9223372036854775807n });
});

test('an unknown step or a session that cannot open fails without throwing', async () => {
  const unknown = await runOnly(
    `
  Scenario: [1] Odd
    Given a graph with wings
`,
    {},
  );
  assert.match(unknown.failure!.reason, /unknown step: "a graph with wings"/);
  const [scenario] = feature(RETURN_TWO_ROWS);
  const outcome = await runScenario(scenario!, () => Promise.reject(new Error('Database#cypher does not exist yet')), options);
  assert.ok(!outcome.passed);
  assert.match(outcome.failure!.reason, /Database#cypher does not exist yet/);
});

test('named graphs run every statement of their scripts', async () => {
  const graphsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tck-graphs-'));
  try {
    fs.mkdirSync(path.join(graphsDir, 'tiny'));
    fs.writeFileSync(path.join(graphsDir, 'tiny', 'tiny.json'), JSON.stringify({ name: 'tiny', scripts: ['tiny'] }));
    fs.writeFileSync(path.join(graphsDir, 'tiny', 'tiny.cypher'), 'CREATE (:A);\nCREATE (:B)\n  -[:T]->(:C);\n');
    const [scenario] = feature(`
  Scenario: [1] Tiny
    Given the tiny graph
    When executing query:
      """
      MATCH (n) RETURN count(n) AS c
      """
    Then the result should be, in any order:
      | c |
      | 3 |
`);
    const calls: Call[] = [];
    const session = scriptedSession(
      { 'CREATE (:A)': result([], []), 'CREATE (:B)\n  -[:T]->(:C)': result([], []), 'MATCH (n) RETURN count(n) AS c': result(['c'], [[3]]) },
      calls,
    );
    const outcome = await runScenario(scenario!, session, { graphsDir, queryTimeoutMs: 1000 });
    assert.ok(outcome.passed, outcome.failure?.reason);
    assert.equal(calls.length, 3);
  } finally {
    fs.rmSync(graphsDir, { recursive: true, force: true });
  }
  assert.deepEqual(splitStatements('CREATE (a);\nCREATE (b);'), ['CREATE (a)', 'CREATE (b)']);
  assert.deepEqual(splitStatements("CREATE ({s: 'a;b'})"), ["CREATE ({s: 'a;b'})"]);
});

test('a feature file Gherkin cannot parse is one failed scenario, not a crash', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tck-features-'));
  try {
    fs.mkdirSync(path.join(dir, 'clauses'));
    fs.writeFileSync(path.join(dir, 'clauses', 'Bad1.feature'), 'Feature: Bad1\n\n  Scenario: [1] x\n    Given any graph\n    | a |\n  Examples without outline\n');
    fs.writeFileSync(path.join(dir, 'clauses', 'Good1.feature'), `Feature: Good1\n${RETURN_TWO_ROWS}`);
    const scenarios = loadScenarios(dir);
    assert.deepEqual(
      scenarios.map((s) => s.id),
      ['clauses/Bad1.feature: (unparsable feature file)', 'clauses/Good1.feature: [1] Two rows'],
    );
    const outcome = await runScenario(scenarios[0]!, scriptedSession({}), options);
    assert.ok(!outcome.passed);
    assert.match(outcome.failure!.reason, /the feature file cannot be parsed/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
