/**
 * Reads the TCK's feature files with the Cucumber Gherkin parser and turns
 * them into scenarios to run: each `Scenario`, and each example row of each
 * `Scenario Outline` (placeholders substituted by Gherkin's pickle compiler,
 * Background steps included).
 *
 * A scenario's id is stable across runs and is what the ratchet file lists:
 *   `<feature path relative to the features folder>: <scenario name>` and,
 *   for an outline, ` #<n>` with n the 1-based index of the example row
 *   counted over all of the outline's Examples tables; the name is the
 *   outline's own (placeholders left as written), e.g.
 *   `clauses/match/Match1.feature: [7] Fail when a relationship has the same variable in a preceding MATCH #3`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type GherkinDocument } from '@cucumber/messages';

/** One step of a scenario, with its doc string or table (cells as written, Gherkin escapes undone). */
export interface TckStep {
  /** The step text without its keyword (`executing query:`). */
  text: string;
  docString: string | null;
  table: string[][] | null;
}

/** A runnable scenario (an outline's example row is one). */
export interface TckScenario {
  /** The stable id (see the file comment). */
  id: string;
  /** Feature file path relative to the features folder, with `/` separators. */
  featurePath: string;
  /** The scenario name with placeholders substituted. */
  name: string;
  /** The 1-based example row of an outline; null for a plain scenario. */
  exampleIndex: number | null;
  steps: TckStep[];
  /** Set on the one placeholder scenario of a feature file Gherkin cannot parse: it fails with this. */
  loadError?: string;
}

/**
 * Path order, segment by segment and numbers by value: `clauses/return/...`
 * before `clauses/return-orderby/...`, `Match2.feature` before `Match10.feature`.
 */
export function comparePaths(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const c = as[i]!.localeCompare(bs[i]!, 'en', { numeric: true });
    if (c !== 0) return c;
  }
  return as.length - bs.length;
}

/** Every `.feature` file under `dir`, as paths relative to it with `/` separators, in `comparePaths` order. */
export function listFeatureFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub === '' ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.feature')) out.push(rel);
    }
  };
  walk('');
  return out.sort(comparePaths);
}

/** Parses one feature file's text into its scenarios. Throws on a Gherkin syntax error. */
export function parseFeature(featurePath: string, text: string): TckScenario[] {
  const newId = IdGenerator.incrementing();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  const document = parser.parse(text);
  const outlines = outlineIndex(document);
  const scenarios: TckScenario[] = [];
  for (const pickle of compile(document, featurePath, newId)) {
    const scenarioId = pickle.astNodeIds[0];
    const rowId = pickle.astNodeIds[1];
    const scenario = scenarioId === undefined ? undefined : outlines.scenarios.get(scenarioId);
    const exampleIndex = rowId === undefined ? null : (outlines.rows.get(rowId) ?? null);
    const baseName = scenario?.name ?? pickle.name;
    const id = `${featurePath}: ${baseName}${exampleIndex === null ? '' : ` #${exampleIndex}`}`;
    const steps = pickle.steps.map((s): TckStep => ({
      text: s.text.trim(),
      docString: s.argument?.docString?.content ?? null,
      table: s.argument?.dataTable?.rows.map((r) => r.cells.map((c) => c.value)) ?? null,
    }));
    scenarios.push({ id, featurePath, name: pickle.name, exampleIndex, steps });
  }
  return scenarios;
}

/**
 * The scenarios of every feature file under `dir` (see `listFeatureFiles`).
 * A file Gherkin cannot parse becomes one scenario, `<path>: (unparsable feature file)`,
 * that fails with the parser's message: counted, reported, never a crash.
 */
export function loadScenarios(dir: string): TckScenario[] {
  const out: TckScenario[] = [];
  for (const rel of listFeatureFiles(dir)) {
    try {
      out.push(...parseFeature(rel, fs.readFileSync(path.join(dir, rel), 'utf8')));
    } catch (err) {
      const loadError = `the feature file cannot be parsed: ${err instanceof Error ? err.message : String(err)}`;
      out.push({ id: `${rel}: (unparsable feature file)`, featurePath: rel, name: '(unparsable feature file)', exampleIndex: null, steps: [], loadError });
    }
  }
  return out;
}

interface OutlineIndex {
  /** Scenario AST id -> the scenario's name as written. */
  scenarios: Map<string, { name: string }>;
  /** Example row AST id -> 1-based index over all Examples tables of its outline. */
  rows: Map<string, number>;
}

function outlineIndex(document: GherkinDocument): OutlineIndex {
  const index: OutlineIndex = { scenarios: new Map(), rows: new Map() };
  const children = document.feature?.children ?? [];
  const scenarios = children.flatMap((c) => [
    ...(c.scenario === undefined ? [] : [c.scenario]),
    ...(c.rule?.children.flatMap((rc) => (rc.scenario === undefined ? [] : [rc.scenario])) ?? []),
  ]);
  for (const scenario of scenarios) {
    index.scenarios.set(scenario.id, { name: scenario.name });
    let n = 0;
    for (const examples of scenario.examples) for (const row of examples.tableBody) index.rows.set(row.id, ++n);
  }
  return index;
}
