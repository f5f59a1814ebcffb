/**
 * `npm run tck`: runs the openCypher TCK against Sombra and prints one line
 * per feature file, one per folder and the total; writes every failure to a
 * JSON report. See docs/tck.md.
 *
 * Usage: npm run tck -- [filter ...] [--update-ratchet] [--report <file>] [--failures]
 *   filter            run only scenarios whose id (feature path and name) contains
 *                     one of these substrings (e.g. `Match1`, `[3] Return`)
 *   --update-ratchet  rewrite test/tck/passing-scenarios.txt from this run's passes
 *                     (with filters: only the entries of the scenarios that ran change)
 *   --report <file>   where the JSON failure report goes (default tck-report.json in the repo root)
 *   --failures        also print one line per failing scenario with its reason
 *   --in-process      run scenarios in this thread, not a worker (for a debugger; a hung
 *                     scenario then hangs the run instead of failing after 30 s)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadScenarios } from './feature-loader.js';
import {
  QUERY_TIMEOUT_MS,
  RATCHET_FILE,
  REPO_ROOT,
  countPasses,
  describeTckSetting,
  formatCount,
  formatPercent,
  type PassCount,
  locateTck,
  readRatchet,
  runScenarios,
  writeRatchet,
} from './tck-suite.js';

async function main(): Promise<number> {
  // `npm run tck | head` closes the pipe early: stop quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      'update-ratchet': { type: 'boolean', default: false },
      report: { type: 'string', default: path.join(REPO_ROOT, 'tck-report.json') },
      failures: { type: 'boolean', default: false },
      'in-process': { type: 'boolean', default: false },
    },
  });
  const location = locateTck();
  if (location === null) {
    console.log(`TCK: not run, no feature files at ${describeTckSetting()}`);
    return 0;
  }
  const startedMs = Date.now();
  const all = loadScenarios(location.featuresDir);
  const scenarios = positionals.length === 0 ? all : all.filter((s) => positionals.some((f) => s.id.includes(f)));
  if (scenarios.length === 0) {
    console.log(`TCK: no scenario matches ${positionals.map((f) => JSON.stringify(f)).join(' ')}`);
    return 1;
  }

  // One line per feature file as soon as its last scenario has run (scenarios come feature by feature).
  const width = Math.max(...scenarios.map((s) => s.featurePath.length)) + 2;
  let current: PassCount | null = null;
  const flush = (): void => {
    if (current !== null) console.log(`${current.name.padEnd(width)}${formatCount(current, false)}`);
  };
  const outcomes = await runScenarios(
    scenarios,
    { graphsDir: location.graphsDir, queryTimeoutMs: QUERY_TIMEOUT_MS, inProcess: values['in-process'] },
    (o) => {
      if (current?.name !== o.scenario.featurePath) {
        flush();
        current = { name: o.scenario.featurePath, passed: 0, total: 0 };
      }
      current.total++;
      if (o.passed) current.passed++;
    },
  );
  flush();
  console.log('');
  const counts = countPasses(outcomes);
  for (const c of counts.folders) console.log(`${c.name.padEnd(width)}${formatCount(c, true)}`);
  console.log('');
  if (values.failures) {
    for (const o of outcomes) if (o.failure !== null) console.log(`FAIL ${o.scenario.id}: ${o.failure.reason.split('\n')[0]}`);
    console.log('');
  }

  const ratchet = readRatchet();
  const ran = new Set(outcomes.map((o) => o.scenario.id));
  const passing = new Set(outcomes.filter((o) => o.passed).map((o) => o.scenario.id));
  const regressed = ratchet.filter((id) => ran.has(id) && !passing.has(id));
  const listed = new Set(ratchet);
  if (regressed.length > 0) {
    console.log(`ratchet: ${regressed.length} listed scenario(s) no longer pass:`);
    for (const id of regressed) console.log(`  ${id}`);
  }
  if (values['update-ratchet']) {
    const kept = ratchet.filter((id) => !ran.has(id));
    writeRatchet([...kept, ...passing]);
    const added = [...passing].filter((id) => !listed.has(id)).length;
    console.log(`ratchet: ${path.relative(REPO_ROOT, RATCHET_FILE)} rewritten, ${kept.length + passing.size} scenarios (${added} added, ${regressed.length} removed)`);
  }

  const report = {
    generatedAt: new Date().toISOString(),
    featuresDir: location.featuresDir,
    filters: positionals,
    passed: counts.total.passed,
    total: counts.total.total,
    folders: counts.folders,
    failures: outcomes.flatMap((o) =>
      o.failure === null ? [] : [{ id: o.scenario.id, feature: o.scenario.featurePath, scenario: o.scenario.name, ...o.failure }],
    ),
  };
  const reportFile = path.resolve(values.report);
  fs.writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
  console.log(`failures: ${report.failures.length} written to ${path.relative(process.cwd(), reportFile) || reportFile} (${seconds} s)`);
  console.log(`TCK: ${formatCount(counts.total, false)} scenarios passed (${formatPercent(counts.total)})`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
