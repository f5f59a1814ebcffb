// The TCK's worker thread: a scenario that hangs its thread is failed after
// the timeout, one that crashes its thread is failed with the error, and in
// both cases the next scenario runs on a new thread and passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFeature } from './feature-loader.js';
import { ScenarioWorker } from './scenario-worker.js';

const scenarios = parseFeature(
  'clauses/test/Worker1.feature',
  `Feature: Worker1

  Scenario Outline: [1] Query <q>
    Given any graph
    When executing query:
      """
      <q>
      """
    Then the result should be, in any order:
      | x |
      | 1 |

    Examples:
      | q           |
      | RETURN 1 AS x |
      | SPIN        |
      | CRASH       |
`,
);

test('a hung or crashed scenario fails alone; the next one runs on a fresh thread', async () => {
  const [ok, spin, crash] = scenarios;
  assert.ok(ok !== undefined && spin !== undefined && crash !== undefined);
  const worker = new ScenarioWorker({ graphsDir: '/nonexistent', queryTimeoutMs: 1000 }, 1500, new URL('./fixtures/fake-session.ts', import.meta.url).href);
  try {
    const first = await worker.run(ok);
    assert.ok(first.passed, first.failure?.reason);

    const hung = await worker.run(spin);
    assert.ok(!hung.passed);
    assert.match(hung.failure!.reason, /timed out after 1500 ms/);
    assert.ok((await worker.run(ok)).passed);

    const crashed = await worker.run(crash);
    assert.ok(!crashed.passed);
    assert.match(crashed.failure!.reason, /crashed: engine blew up/);
    assert.ok((await worker.run(ok)).passed);
  } finally {
    await worker.close();
  }
});

test('a session module that cannot load fails every scenario with the reason, without hanging', async () => {
  const [ok] = scenarios;
  const worker = new ScenarioWorker({ graphsDir: '/nonexistent', queryTimeoutMs: 1000 }, 10_000, new URL('./fixtures/no-such-session.ts', import.meta.url).href);
  try {
    const outcome = await worker.run(ok!);
    assert.ok(!outcome.passed);
    assert.match(outcome.failure!.reason, /no-such-session/);
  } finally {
    await worker.close();
  }
});
