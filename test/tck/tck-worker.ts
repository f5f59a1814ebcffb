/**
 * The worker thread of `ScenarioWorker`: receives one scenario at a time,
 * runs it on a fresh Sombra session and posts the outcome back. A scenario
 * that never finishes (an engine stuck in a loop) is ended by the parent
 * terminating this thread.
 */
import { parentPort } from 'node:worker_threads';
import type { TckScenario } from './feature-loader.js';
import { runScenario, type ScenarioRunOptions, type SessionFactory } from './scenario-runner.js';

/** What the parent posts: a scenario to run, and the module whose `openSession` export opens sessions. */
export interface WorkerRequest {
  scenario: TckScenario;
  options: ScenarioRunOptions;
  /** URL of a module exporting `openSession: SessionFactory` (sombra-session.ts, or a test's fake). */
  sessionModuleUrl: string;
}

const port = parentPort;
if (port === null) throw new Error('tck-worker.ts runs only as a worker thread');
const factories = new Map<string, Promise<SessionFactory>>();

async function factoryFor(url: string): Promise<SessionFactory> {
  let factory = factories.get(url);
  if (factory === undefined) {
    factory = import(url).then((m: { openSession?: SessionFactory }) => {
      if (typeof m.openSession !== 'function') throw new Error(`${url} does not export openSession`);
      return m.openSession;
    });
    factories.set(url, factory);
  }
  return factory;
}

port.on('message', (request: WorkerRequest) => {
  void factoryFor(request.sessionModuleUrl)
    .catch((err: unknown) => () => Promise.reject(err instanceof Error ? err : new Error(String(err))))
    .then((openSession) => runScenario(request.scenario, openSession, request.options))
    .then((outcome) => port.postMessage(outcome));
});
