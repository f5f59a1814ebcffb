/**
 * Runs one TCK scenario against a Cypher session and says whether it passed,
 * and if not, why (the step, the query, what was expected, what came back).
 *
 * Steps, as the TCK's README defines them (text after the Gherkin keyword):
 *   an empty graph | any graph          nothing to do (each scenario has a fresh database)
 *   the <name> graph                    run graphs/<name>/<script>.cypher for each script of <name>.json
 *   having executed: """q"""            a setup query; its side effects are not counted
 *   parameters are: | name | value |    parameters of the queries that follow (cells are TCK values)
 *   executing query: / executing control query:   the query under test
 *   the result should be, in any order: / , in order: / (ignoring element order for lists): /
 *     , in order (ignoring element order for lists): | columns | ... rows
 *   the result should be empty
 *   a <Type> should be raised at <compile time|runtime|any time>: <Detail>   (`*`: any detail)
 *   no side effects / the side effects should be: | +nodes | 1 | ...
 *
 * Side effects are checked against the query's `r.stats`. When a scenario
 * checks them, the runner also reads the whole graph before and after the
 * query under test (graph-snapshot.ts) and reports that measurement beside
 * the counters when they differ.
 *
 * A scenario stops at its first failing step. Nothing here throws: a broken
 * session, a bad cell or an unknown step is a failed scenario.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CypherError } from '../../src/base/errors.js';
import type { QueryResult, QueryStats } from '../../src/query/exec/query-result.js';
import type { PublicValue } from '../../src/query/values/public-values.js';
import { makeFloat, normInt } from '../../src/query/values/value.js';
import { parseTckValue, type TckValue } from './cell-value.js';
import type { TckScenario, TckStep } from './feature-loader.js';
import { diffSnapshots, takeSnapshot } from './graph-snapshot.js';
import { formatPublicValue, matchesAsMultiset, matchesTckValue } from './value-compare.js';

/** A database the runner sends Cypher to: one per scenario. */
export interface CypherSession {
  run(query: string, params: Record<string, unknown>, signal: AbortSignal): Promise<QueryResult>;
  close(): Promise<void>;
}

/** Opens a fresh, empty session. */
export type SessionFactory = () => Promise<CypherSession>;

/** An error as the report shows it. */
export interface ReportedError {
  type: string | null;
  detail: string | null;
  phase: string | null;
  message: string;
}

/** Why a scenario failed. */
export interface ScenarioFailure {
  /** The step that failed (its text without the keyword). */
  step: string;
  /** One sentence: what did not match. */
  reason: string;
  /** The query under test (or the setup query that failed), when there was one. */
  query: string | null;
  /** Parameters as written in the scenario. */
  params: Record<string, string>;
  /** The expected table (header first) or error, as written. */
  expected: string[][] | string | null;
  /** The result (columns first, values in TCK syntax) when the query returned one. */
  actual: string[][] | null;
  /** The error when the query threw. */
  error: ReportedError | null;
  /** The side effects the query reported (`r.stats`), when they were checked. */
  sideEffects?: Record<string, number>;
  /** The side effects as the TCK defines them, measured on the graph (graph-snapshot.ts); null when the graph could not be read. */
  sideEffectsMeasured?: Record<string, number> | null;
}

/** The outcome of one scenario. */
export interface ScenarioOutcome {
  scenario: TckScenario;
  passed: boolean;
  failure: ScenarioFailure | null;
}

/** Runner settings. */
export interface ScenarioRunOptions {
  /** The TCK's `graphs/` folder (for `Given the <name> graph`). */
  graphsDir: string;
  /** Each query is cancelled after this long (if the engine honours its signal). */
  queryTimeoutMs: number;
  /**
   * Read the graph around a query whose side effects are checked, to report the
   * TCK's own measurement beside `r.stats` when they differ (two extra queries
   * each side; pass/fail does not depend on it). Default true.
   */
  measureSideEffects?: boolean;
}

const SIDE_EFFECT_KEYS: Record<string, keyof QueryStats> = {
  '+nodes': 'nodesCreated',
  '-nodes': 'nodesDeleted',
  '+relationships': 'relationshipsCreated',
  '-relationships': 'relationshipsDeleted',
  '+labels': 'labelsAdded',
  '-labels': 'labelsRemoved',
  '+properties': 'propertiesSet',
  '-properties': 'propertiesRemoved',
};

const ERROR_STEP = /^an? (\w+) should be raised at (compile time|runtime|any time): (\w+|\*)$/;
const RESULT_STEP = /^the result should be(, in any order|, in order)?( \(ignoring element order for lists\))?:$/;

/** A failure raised inside the step loop; caught by `runScenario`. */
class StepFailure extends Error {
  constructor(readonly failure: ScenarioFailure) {
    super(failure.reason);
  }
}

interface ScenarioState {
  session: CypherSession;
  params: Record<string, unknown>;
  paramsText: Record<string, string>;
  query: string | null;
  result: QueryResult | null;
  error: unknown;
  step: string;
  /** Whether the scenario checks side effects (then the graph is read around the query under test). */
  measureSideEffects: boolean;
  /** The side effects measured on the graph around the last query under test. */
  measured: Record<string, number> | null;
}

/** Runs one scenario on a fresh session from `openSession`. Never throws. */
export async function runScenario(scenario: TckScenario, openSession: SessionFactory, options: ScenarioRunOptions): Promise<ScenarioOutcome> {
  if (scenario.loadError !== undefined) return { scenario, passed: false, failure: baseFailure('(load)', scenario.loadError, null, {}) };
  let session: CypherSession;
  try {
    session = await openSession();
  } catch (err) {
    const failure = baseFailure('(open database)', `could not open a database: ${messageOf(err)}`, null, {});
    return { scenario, passed: false, failure: { ...failure, error: reportError(err) } };
  }
  const measureSideEffects = options.measureSideEffects !== false && scenario.steps.some((s) => s.text === 'no side effects' || s.text === 'the side effects should be:');
  const state: ScenarioState = { session, params: {}, paramsText: {}, query: null, result: null, error: null, step: '', measureSideEffects, measured: null };
  try {
    for (const step of scenario.steps) {
      state.step = step.text;
      await runStep(step, state, options);
    }
    return { scenario, passed: true, failure: null };
  } catch (err) {
    const failure = err instanceof StepFailure ? err.failure : fail(state, `the runner failed: ${messageOf(err)}`, {}).failure;
    return { scenario, passed: false, failure };
  } finally {
    await session.close().catch(() => undefined);
  }
}

async function runStep(step: TckStep, state: ScenarioState, options: ScenarioRunOptions): Promise<void> {
  const text = step.text;
  if (text === 'an empty graph' || text === 'any graph') return;
  const graph = /^the (\S+) graph$/.exec(text);
  if (graph !== null) return loadNamedGraph(graph[1]!, state, options);
  if (text === 'having executed:') {
    const query = needDocString(step, state);
    try {
      await state.session.run(query, state.params, AbortSignal.timeout(options.queryTimeoutMs));
    } catch (err) {
      throw fail(state, `a setup query failed: ${messageOf(err)}`, { query, error: reportError(err) });
    }
    return;
  }
  if (text === 'parameters are:') return setParameters(step, state);
  if (text === 'executing query:' || text === 'executing control query:') {
    state.query = needDocString(step, state);
    state.result = null;
    state.error = null;
    state.measured = null;
    const before = state.measureSideEffects ? await takeSnapshot(state.session, AbortSignal.timeout(options.queryTimeoutMs)).catch(() => null) : null;
    try {
      state.result = await state.session.run(state.query, state.params, AbortSignal.timeout(options.queryTimeoutMs));
    } catch (err) {
      state.error = err;
    }
    if (before !== null && state.error === null) {
      const after = await takeSnapshot(state.session, AbortSignal.timeout(options.queryTimeoutMs)).catch(() => null);
      state.measured = after === null ? null : diffSnapshots(before, after);
    }
    return;
  }
  if (text === 'the result should be empty') {
    const result = needResult(state, null);
    if (result.rows.length !== 0) throw fail(state, `expected no rows, got ${result.rows.length}`, { expected: 'no rows', actual: formatResult(result) });
    return;
  }
  const resultStep = RESULT_STEP.exec(text);
  if (resultStep !== null) {
    const table = needTable(step, state);
    return checkResult(table, state, { inOrder: resultStep[1] === ', in order', ignoreListOrder: resultStep[2] !== undefined });
  }
  const errorStep = ERROR_STEP.exec(text);
  if (errorStep !== null) return checkError(errorStep[1]!, errorStep[2]!, errorStep[3]!, state);
  if (text === 'no side effects') return checkSideEffects([], state);
  if (text === 'the side effects should be:') return checkSideEffects(needTable(step, state), state);
  throw fail(state, `unknown step: ${JSON.stringify(text)}`, {});
}

async function loadNamedGraph(name: string, state: ScenarioState, options: ScenarioRunOptions): Promise<void> {
  const dir = path.join(options.graphsDir, name);
  let scripts: string[] = [name];
  try {
    const description = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as { scripts?: unknown };
    if (Array.isArray(description.scripts)) scripts = description.scripts.map(String);
  } catch {
    // No description: the script is named after the graph.
  }
  for (const script of scripts) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, `${script}.cypher`), 'utf8');
    } catch (err) {
      throw fail(state, `graph ${name}: cannot read ${script}.cypher: ${messageOf(err)}`, {});
    }
    for (const query of splitStatements(text)) {
      try {
        await state.session.run(query, {}, AbortSignal.timeout(options.queryTimeoutMs));
      } catch (err) {
        throw fail(state, `graph ${name}: a query of ${script}.cypher failed: ${messageOf(err)}`, { query, error: reportError(err) });
      }
    }
  }
}

/** Splits a graph script into statements at semicolons that end a line. */
export function splitStatements(text: string): string[] {
  return text
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function setParameters(step: TckStep, state: ScenarioState): void {
  for (const row of needTable(step, state)) {
    const [name, valueText] = row;
    if (name === undefined || valueText === undefined || row.length !== 2) throw fail(state, `a parameter row must have two cells, got ${JSON.stringify(row)}`, {});
    state.params[name] = toParameter(parseCell(valueText, state));
    state.paramsText[name] = valueText;
  }
}

/** A TCK value as a query parameter (API values: integers as numbers when safe, floats kept apart by `BoxedFloat`). */
export function toParameter(v: TckValue): unknown {
  switch (v.kind) {
    case 'null':
      return null;
    case 'boolean':
    case 'string':
      return v.value;
    case 'integer':
      return normInt(v.value);
    case 'float':
      return makeFloat(v.value);
    case 'list':
      return v.items.map(toParameter);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v.entries) Object.defineProperty(out, k, { value: toParameter(x), writable: true, enumerable: true, configurable: true });
      return out;
    }
    default:
      throw new Error(`a ${v.kind} cannot be a parameter`);
  }
}

function checkResult(table: string[][], state: ScenarioState, how: { inOrder: boolean; ignoreListOrder: boolean }): void {
  const result = needResult(state, table);
  const [header, ...rowTexts] = table;
  const columns = header ?? [];
  const actual = formatResult(result);
  if (columns.length !== result.columns.length || columns.some((c, i) => c !== result.columns[i])) {
    throw fail(state, `expected columns ${JSON.stringify(columns)}, got ${JSON.stringify(result.columns)}`, { expected: table, actual });
  }
  const expectedRows = rowTexts.map((r) => r.map((cell) => parseCell(cell, state)));
  const incomplete = result.rows.findIndex((row) => columns.some((c) => !Object.hasOwn(row, c) || row[c] === undefined));
  if (incomplete >= 0) throw fail(state, `row ${incomplete + 1} of the result has no value for some column`, { expected: table, actual });
  const actualRows = result.rows.map((row) => columns.map((c) => row[c]!));
  const rowMatches = (e: TckValue[], a: PublicValue[]): boolean => e.every((x, i) => matchesTckValue(x, a[i]!, { ignoreListOrder: how.ignoreListOrder }));
  if (expectedRows.length !== actualRows.length) {
    throw fail(state, `expected ${expectedRows.length} rows, got ${actualRows.length}`, { expected: table, actual });
  }
  if (how.inOrder) {
    const bad = expectedRows.findIndex((e, i) => !rowMatches(e, actualRows[i]!));
    if (bad >= 0) {
      throw fail(state, `row ${bad + 1} differs (rows in order): expected ${showRow(rowTexts[bad])}, got ${showRow(actual[bad + 1])}`, { expected: table, actual });
    }
  } else if (!matchesAsMultiset(expectedRows, actualRows, rowMatches)) {
    // Name the rows that found no partner (by a greedy pairing: a hint, not a proof).
    const used = new Set<number>();
    const missing = expectedRows.flatMap((e, i) => {
      const j = actualRows.findIndex((a, k) => !used.has(k) && rowMatches(e, a));
      if (j < 0) return [i];
      used.add(j);
      return [];
    });
    const extra = actualRows.flatMap((_, j) => (used.has(j) ? [] : [j]));
    const hint = missing.length === 0 ? '' : `: expected ${showRow(rowTexts[missing[0]!])} not found, got ${showRow(actual[extra[0]! + 1])}`;
    throw fail(state, `the rows differ (in any order)${hint}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}`, { expected: table, actual });
  }
}

function checkError(type: string, phaseText: string, detail: string, state: ScenarioState): void {
  const expected = `${type} at ${phaseText}: ${detail}`;
  if (state.query === null) throw fail(state, 'no query was executed', { expected });
  if (state.error === null) {
    throw fail(state, `expected ${expected}, but the query succeeded`, { expected, actual: state.result === null ? null : formatResult(state.result) });
  }
  const err = state.error;
  const error = reportError(err);
  if (!(err instanceof CypherError)) throw fail(state, `expected ${expected}, got a non-Cypher error: ${messageOf(err)}`, { expected, error });
  const wantPhase = phaseText === 'compile time' ? 'compile' : phaseText === 'runtime' ? 'runtime' : null;
  const problems: string[] = [];
  if (err.type !== type) problems.push(`type ${err.type}`);
  if (detail !== '*' && err.detail !== detail) problems.push(`detail ${err.detail}`);
  if (wantPhase !== null && err.phase !== wantPhase) problems.push(`phase ${err.phase}`);
  if (problems.length > 0) throw fail(state, `expected ${expected}, got ${problems.join(', ')}`, { expected, error });
}

function checkSideEffects(table: string[][], state: ScenarioState): void {
  if (state.error !== null) return; // An error step checked the failure; a failed query changes nothing.
  const result = needResult(state, null);
  const expected: Record<string, number> = {};
  for (const key of Object.keys(SIDE_EFFECT_KEYS)) expected[key] = 0;
  for (const row of table) {
    const [key, count] = row;
    if (key === undefined || !(key in SIDE_EFFECT_KEYS) || count === undefined || !/^\d+$/.test(count.trim())) {
      throw fail(state, `bad side-effect row ${JSON.stringify(row)}`, {});
    }
    expected[key] = Number(count.trim());
  }
  const actual: Record<string, number> = {};
  const problems: string[] = [];
  for (const [key, field] of Object.entries(SIDE_EFFECT_KEYS)) {
    actual[key] = result.stats[field];
    if (actual[key] !== expected[key]) problems.push(`${key} ${actual[key]} (expected ${expected[key]})`);
  }
  if (problems.length > 0) {
    const expectedTable = Object.entries(expected).filter(([, n]) => n !== 0).map(([k, n]) => [k, String(n)]);
    const measured = state.measured;
    const graphSays = measured === null ? '' : `; measured on the graph: ${formatSideEffects(measured)}`;
    throw fail(state, `side effects differ in r.stats: ${problems.join(', ')}${graphSays}`, { expected: expectedTable, sideEffects: actual, sideEffectsMeasured: measured });
  }
}

function needResult(state: ScenarioState, expected: string[][] | null): QueryResult {
  if (state.query === null) throw fail(state, 'no query was executed', { expected });
  if (state.error !== null) throw fail(state, `the query failed: ${messageOf(state.error)}`, { expected, error: reportError(state.error) });
  if (state.result === null) throw fail(state, 'the query returned nothing', { expected });
  return state.result;
}

function needDocString(step: TckStep, state: ScenarioState): string {
  if (step.docString === null) throw fail(state, `step "${step.text}" has no query`, {});
  return step.docString;
}

function needTable(step: TckStep, state: ScenarioState): string[][] {
  if (step.table === null) throw fail(state, `step "${step.text}" has no table`, {});
  return step.table;
}

function parseCell(text: string, state: ScenarioState): TckValue {
  try {
    return parseTckValue(text);
  } catch (err) {
    throw fail(state, `the scenario has a cell the runner cannot read: ${messageOf(err)}`, {});
  }
}

/** A table row as Gherkin writes it: `| 1 | 'a' |`. */
function showRow(cells: readonly string[] | undefined): string {
  return `| ${(cells ?? []).join(' | ')} |`;
}

/** `+nodes 1, +labels 1`, or `none`. */
function formatSideEffects(effects: Record<string, number>): string {
  const nonZero = Object.entries(effects).filter(([, n]) => n !== 0);
  return nonZero.length === 0 ? 'none' : nonZero.map(([k, n]) => `${k} ${n}`).join(', ');
}

/** The result as a table of TCK-syntax strings, columns first. */
function formatResult(result: QueryResult): string[][] {
  return [result.columns, ...result.rows.map((row) => result.columns.map((c) => (row[c] === undefined ? '<missing>' : formatPublicValue(row[c]))))];
}

function reportError(err: unknown): ReportedError {
  if (err instanceof CypherError) return { type: err.type, detail: err.detail, phase: err.phase, message: err.message };
  return { type: null, detail: null, phase: null, message: messageOf(err) };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function baseFailure(step: string, reason: string, query: string | null, params: Record<string, string>): ScenarioFailure {
  return { step, reason, query, params, expected: null, actual: null, error: null };
}

function fail(state: ScenarioState, reason: string, extra: Partial<ScenarioFailure>): StepFailure {
  return new StepFailure({ ...baseFailure(state.step, reason, state.query, { ...state.paramsText }), ...extra });
}
