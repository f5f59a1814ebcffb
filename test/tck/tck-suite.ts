/**
 * What the `npm run tck` command and the ratchet test share: where the TCK
 * is, running a list of scenarios, counting passes per feature file and per
 * folder, and the ratchet file (the ids of the scenarios that must keep
 * passing, one per line, sorted).
 */
import fs from 'node:fs';
import path from 'node:path';
import { comparePaths, type TckScenario } from './feature-loader.js';
import { runScenario, type ScenarioOutcome, type ScenarioRunOptions } from './scenario-runner.js';
import { ScenarioWorker } from './scenario-worker.js';

/** The repository root (this file is test/tck/tck-suite.ts). */
export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** The committed ratchet file. */
export const RATCHET_FILE = path.join(REPO_ROOT, 'test', 'tck', 'passing-scenarios.txt');

/** Each query is cancelled after this long, if the engine honours its signal. */
export const QUERY_TIMEOUT_MS = 10_000;

/** A scenario still running after this long is failed and its worker thread replaced. */
export const SCENARIO_TIMEOUT_MS = 30_000;

/** Where the TCK's feature files and named graphs are. */
export interface TckLocation {
  featuresDir: string;
  graphsDir: string;
}

/**
 * The TCK folder: `$SOMBRA_TCK_DIR`, else `../shared/tck/features` relative
 * to the repository root; the graphs are in its sibling `graphs/`. Null when
 * the features folder does not exist (a clone without the TCK).
 */
export function locateTck(env: NodeJS.ProcessEnv = process.env): TckLocation | null {
  const configured = env.SOMBRA_TCK_DIR;
  const featuresDir = configured !== undefined && configured !== '' ? path.resolve(REPO_ROOT, configured) : path.resolve(REPO_ROOT, '..', 'shared', 'tck', 'features');
  if (!fs.existsSync(featuresDir) || !fs.statSync(featuresDir).isDirectory()) return null;
  return { featuresDir, graphsDir: path.join(path.dirname(featuresDir), 'graphs') };
}

/** The folder the TCK's features dir is expected at, for the "absent" message. */
export function describeTckSetting(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.SOMBRA_TCK_DIR;
  return configured !== undefined && configured !== '' ? `SOMBRA_TCK_DIR=${configured}` : path.resolve(REPO_ROOT, '..', 'shared', 'tck', 'features');
}

/** How `runScenarios` runs. */
export interface SuiteRunOptions extends ScenarioRunOptions {
  /**
   * In a worker thread (the default), where a hung scenario is cut off after
   * `SCENARIO_TIMEOUT_MS`; or in this thread (for a debugger), where it hangs the run.
   */
  inProcess?: boolean;
}

/** Runs scenarios on Sombra one after the other, each on a fresh database; `onOutcome` sees each result as it comes. */
export async function runScenarios(
  scenarios: readonly TckScenario[],
  options: SuiteRunOptions,
  onOutcome?: (outcome: ScenarioOutcome) => void,
): Promise<ScenarioOutcome[]> {
  const scenarioOptions: ScenarioRunOptions = {
    graphsDir: options.graphsDir,
    queryTimeoutMs: options.queryTimeoutMs,
    measureSideEffects: options.measureSideEffects !== false,
  };
  const worker = options.inProcess === true ? null : new ScenarioWorker(scenarioOptions, SCENARIO_TIMEOUT_MS);
  let run: (scenario: TckScenario) => Promise<ScenarioOutcome>;
  if (worker !== null) run = (scenario) => worker.run(scenario);
  else {
    // Loaded only here: the worker thread loads Sombra itself, and this module's users need not.
    const { openSombraSession } = await import('./sombra-session.js');
    run = (scenario) => runScenario(scenario, openSombraSession, scenarioOptions);
  }
  const outcomes: ScenarioOutcome[] = [];
  try {
    for (const scenario of scenarios) {
      const outcome = await run(scenario);
      outcomes.push(outcome);
      onOutcome?.(outcome);
    }
  } finally {
    await worker?.close();
  }
  return outcomes;
}

/** Passed and total scenarios of a group. */
export interface PassCount {
  name: string;
  passed: number;
  total: number;
}

/** Pass counts per feature file, per folder (the feature's directory) and in total, in path order. */
export function countPasses(outcomes: readonly ScenarioOutcome[]): { features: PassCount[]; folders: PassCount[]; total: PassCount } {
  const features = new Map<string, PassCount>();
  const folders = new Map<string, PassCount>();
  const total: PassCount = { name: 'TCK', passed: 0, total: 0 };
  for (const o of outcomes) {
    const feature = o.scenario.featurePath;
    const folder = path.posix.dirname(feature);
    for (const [map, key] of [
      [features, feature],
      [folders, folder],
    ] as const) {
      let c = map.get(key);
      if (c === undefined) map.set(key, (c = { name: key, passed: 0, total: 0 }));
      c.total++;
      if (o.passed) c.passed++;
    }
    total.total++;
    if (o.passed) total.passed++;
  }
  const byName = (a: PassCount, b: PassCount): number => comparePaths(a.name, b.name);
  return { features: [...features.values()].sort(byName), folders: [...folders.values()].sort(byName), total };
}

/** `23/25`, or with a percentage `23/25 (92.0%)`. */
export function formatCount(c: PassCount, withPercent: boolean): string {
  const ratio = `${c.passed}/${c.total}`;
  return withPercent ? `${ratio} (${formatPercent(c)})` : ratio;
}

/** `92.0%`. */
export function formatPercent(c: PassCount): string {
  return `${(c.total === 0 ? 0 : (100 * c.passed) / c.total).toFixed(1)}%`;
}

/** The ids in the ratchet file (blank lines and `#` comments ignored); empty when the file does not exist. */
export function readRatchet(file: string = RATCHET_FILE): string[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Writes the ratchet file: a header comment, then the ids sorted, one per line. */
export function writeRatchet(ids: Iterable<string>, file: string = RATCHET_FILE): void {
  const sorted = [...new Set(ids)].sort();
  const header = [
    '# openCypher TCK scenarios that pass and must keep passing (test/tck/tck-ratchet.test.ts).',
    '# Rewritten by `npm run tck -- --update-ratchet`; see docs/tck.md.',
  ];
  fs.writeFileSync(file, `${[...header, ...sorted].join('\n')}\n`);
}
