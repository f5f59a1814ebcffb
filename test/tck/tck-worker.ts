/**
 * The worker thread of `ScenarioWorker`. At start it loads the session
 * module named in `workerData` (sombra-session.ts, or a test's fake) and
 * posts `{ ready: true }` (or `{ ready: false, error }`); then it receives one
 * scenario at a time, runs it on a fresh session and posts the outcome. A
 * scenario that never finishes (an engine stuck in a loop) is ended by the
 * parent terminating this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TckScenario } from './feature-loader.js';
import { runScenario, type ScenarioRunOptions, type SessionFactory } from './scenario-runner.js';

/** What the thread is started with. */
export interface WorkerStart {
  /** URL of a module exporting `openSession: SessionFactory`. */
  sessionModuleUrl: string;
}

/** What the parent posts: a scenario to run. */
export interface WorkerRequest {
  scenario: TckScenario;
  options: ScenarioRunOptions;
}

/** The thread's first message. */
export type WorkerReady = { ready: true } | { ready: false; error: string };

const port = parentPort;
if (port === null) throw new Error('tck-worker.ts runs only as a worker thread');
const start = workerData as WorkerStart;

try {
  const m = (await import(start.sessionModuleUrl)) as { openSession?: SessionFactory };
  const openSession = m.openSession;
  if (typeof openSession !== 'function') throw new Error(`${start.sessionModuleUrl} does not export openSession`);
  port.on('message', (request: WorkerRequest) => {
    void runScenario(request.scenario, openSession, request.options).then((outcome) => port.postMessage(outcome));
  });
  port.postMessage({ ready: true } satisfies WorkerReady);
} catch (err) {
  port.postMessage({ ready: false, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReady);
}
