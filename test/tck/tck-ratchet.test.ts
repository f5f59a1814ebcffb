// The TCK ratchet: every openCypher TCK scenario listed in
// test/tck/passing-scenarios.txt passed when the list was last rewritten
// (`npm run tck -- --update-ratchet`) and must keep passing. Runs exactly
// those scenarios in this process, each on a fresh in-memory database, and
// fails naming every one that no longer passes (or no longer exists). Where
// the TCK folder is absent (a clone without ../shared/tck), it says so and
// passes: there is nothing to check against.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseFeature, type TckScenario } from './feature-loader.js';
import { QUERY_TIMEOUT_MS, RATCHET_FILE, describeTckSetting, locateTck, readRatchet, runScenarios } from './tck-suite.js';

/** The failure message names at most this many scenarios (an engine that cannot start fails them all). */
const PROBLEMS_SHOWN_MAX = 40;

test('every scenario in the TCK ratchet still passes', async (t) => {
  const location = locateTck();
  const ids = readRatchet(RATCHET_FILE);
  if (location === null) {
    t.diagnostic(`TCK ratchet skipped: no feature files at ${describeTckSetting()} (${ids.length} scenarios listed)`);
    return;
  }
  // Parse only the feature files the list names (the id starts with the feature path).
  const featurePaths = new Set(ids.map((id) => id.slice(0, id.indexOf('.feature: ') + '.feature'.length)));
  const byId = new Map<string, TckScenario>();
  for (const featurePath of featurePaths) {
    const file = path.join(location.featuresDir, featurePath);
    if (!fs.existsSync(file)) continue;
    for (const s of parseFeature(featurePath, fs.readFileSync(file, 'utf8'))) byId.set(s.id, s);
  }
  const missing = ids.filter((id) => !byId.has(id));
  const scenarios = ids.flatMap((id) => byId.get(id) ?? []);
  const outcomes = await runScenarios(scenarios, {
    graphsDir: location.graphsDir,
    queryTimeoutMs: QUERY_TIMEOUT_MS,
    // Pass or fail only; the diagnostic graph reads of `npm run tck` would cost time here.
    measureSideEffects: false,
  });
  const failed = outcomes.filter((o) => !o.passed);
  t.diagnostic(`TCK ratchet: ${outcomes.length - failed.length}/${ids.length} listed scenarios pass`);
  const problems = [
    ...missing.map((id) => `${id}: not found in ${location.featuresDir}`),
    ...failed.map((o) => `${o.scenario.id}: ${o.failure?.reason ?? 'failed'}`),
  ];
  const shown = problems.slice(0, PROBLEMS_SHOWN_MAX);
  if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
  assert.equal(problems.length, 0, `${problems.length} ratcheted TCK scenario(s) no longer pass (details: npm run tck -- <name>):\n${shown.join('\n')}`);
});
