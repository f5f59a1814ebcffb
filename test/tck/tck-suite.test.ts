// The TCK suite helpers: where the TCK is looked for, pass counts per
// feature and folder in path order, and the ratchet file's round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { comparePaths, type TckScenario } from './feature-loader.js';
import type { ScenarioOutcome } from './scenario-runner.js';
import { REPO_ROOT, countPasses, formatCount, locateTck, readRatchet, writeRatchet } from './tck-suite.js';

function outcome(featurePath: string, name: string, passed: boolean): ScenarioOutcome {
  const scenario: TckScenario = { id: `${featurePath}: ${name}`, featurePath, name, exampleIndex: null, steps: [] };
  return { scenario, passed, failure: null };
}

test('paths sort segment by segment, numbers by value', () => {
  const sorted = ['clauses/return-orderby/ReturnOrderBy1.feature', 'clauses/match/Match10.feature', 'clauses/return/Return1.feature', 'clauses/match/Match2.feature'].sort(comparePaths);
  assert.deepEqual(sorted, ['clauses/match/Match2.feature', 'clauses/match/Match10.feature', 'clauses/return/Return1.feature', 'clauses/return-orderby/ReturnOrderBy1.feature']);
});

test('passes are counted per feature file, per folder and in total', () => {
  const counts = countPasses([
    outcome('clauses/match/Match1.feature', '[1] a', true),
    outcome('clauses/match/Match1.feature', '[2] b', false),
    outcome('clauses/match/Match2.feature', '[1] c', true),
    outcome('expressions/list/List1.feature', '[1] d', false),
  ]);
  assert.deepEqual(counts.features, [
    { name: 'clauses/match/Match1.feature', passed: 1, total: 2 },
    { name: 'clauses/match/Match2.feature', passed: 1, total: 1 },
    { name: 'expressions/list/List1.feature', passed: 0, total: 1 },
  ]);
  assert.deepEqual(counts.folders, [
    { name: 'clauses/match', passed: 2, total: 3 },
    { name: 'expressions/list', passed: 0, total: 1 },
  ]);
  assert.deepEqual(counts.total, { name: 'TCK', passed: 2, total: 4 });
  assert.equal(formatCount(counts.folders[0]!, false), '2/3');
  assert.equal(formatCount(counts.folders[0]!, true), '2/3 (66.7%)');
  assert.equal(formatCount({ name: 'x', passed: 0, total: 0 }, true), '0/0 (0.0%)');
});

test('the ratchet file round-trips sorted and deduplicated, comments ignored', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tck-ratchet-'));
  try {
    const file = path.join(dir, 'passing.txt');
    assert.deepEqual(readRatchet(file), []);
    writeRatchet(['b.feature: [2] y', 'a.feature: [1] x #2', 'b.feature: [2] y'], file);
    assert.ok(fs.readFileSync(file, 'utf8').startsWith('# '));
    assert.deepEqual(readRatchet(file), ['a.feature: [1] x #2', 'b.feature: [2] y']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the TCK is found through SOMBRA_TCK_DIR (relative to the repository root) or not at all', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tck-dir-'));
  try {
    const features = path.join(dir, 'features');
    fs.mkdirSync(features);
    assert.deepEqual(locateTck({ SOMBRA_TCK_DIR: features }), { featuresDir: features, graphsDir: path.join(dir, 'graphs') });
    assert.deepEqual(locateTck({ SOMBRA_TCK_DIR: path.relative(REPO_ROOT, features) }), { featuresDir: features, graphsDir: path.join(dir, 'graphs') });
    assert.equal(locateTck({ SOMBRA_TCK_DIR: path.join(dir, 'absent') }), null);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
