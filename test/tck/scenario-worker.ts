/**
 * Runs TCK scenarios one after the other in a worker thread, so that a
 * scenario that hangs (a synchronous loop in an engine under construction)
 * or crashes its thread costs that scenario only: after `scenarioTimeoutMs`
 * the thread is terminated, the scenario is reported as failed, and a new
 * thread takes the next one. One thread for the whole run, not one per
 * scenario (starting one costs a few hundred milliseconds, which is not
 * counted against the scenario: the clock starts when the thread is ready).
 */
import { Worker } from 'node:worker_threads';
import type { TckScenario } from './feature-loader.js';
import type { ScenarioOutcome, ScenarioRunOptions } from './scenario-runner.js';
import type { WorkerReady, WorkerRequest, WorkerStart } from './tck-worker.js';

/** A thread that is not ready after this long is taken as broken. */
const WORKER_START_TIMEOUT_MS = 120_000;

export class ScenarioWorker {
  #worker: Promise<Worker> | null = null;
  /** Set when a thread could not start: every later scenario fails with it at once. */
  #brokenReason: string | null = null;

  constructor(
    readonly options: ScenarioRunOptions,
    /** A scenario still running after this long is failed and its thread replaced. */
    readonly scenarioTimeoutMs: number,
    /** The module whose `openSession` export opens each scenario's session (default: Sombra). */
    readonly sessionModuleUrl: string = new URL('./sombra-session.ts', import.meta.url).href,
  ) {}

  /** Runs one scenario; never rejects. */
  async run(scenario: TckScenario): Promise<ScenarioOutcome> {
    if (this.#brokenReason !== null) return failedOutcome(scenario, this.#brokenReason);
    this.#worker ??= startWorker(this.sessionModuleUrl);
    let worker: Worker;
    try {
      worker = await this.#worker;
    } catch (err) {
      this.#worker = null;
      this.#brokenReason = `the TCK worker thread cannot start: ${err instanceof Error ? err.message : String(err)}`;
      return failedOutcome(scenario, this.#brokenReason);
    }
    const request: WorkerRequest = { scenario, options: this.options };
    return new Promise<ScenarioOutcome>((resolve) => {
      const finish = (outcome: ScenarioOutcome, replaceWorker: boolean): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (replaceWorker) {
          this.#worker = null;
          void worker.terminate();
        }
        resolve(outcome);
      };
      const onMessage = (outcome: ScenarioOutcome): void => finish(outcome, false);
      const onError = (err: unknown): void => finish(failedOutcome(scenario, `the scenario's thread crashed: ${err instanceof Error ? err.message : String(err)}`), true);
      const onExit = (code: number): void => finish(failedOutcome(scenario, `the scenario's thread exited with code ${code}`), true);
      const timer = setTimeout(() => finish(failedOutcome(scenario, `timed out after ${this.scenarioTimeoutMs} ms`), true), this.scenarioTimeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(request);
    });
  }

  /** Ends the thread. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker !== null) await worker.then((w) => w.terminate()).catch(() => undefined);
  }
}

function failedOutcome(scenario: TckScenario, reason: string): ScenarioOutcome {
  return {
    scenario,
    passed: false,
    failure: { step: '(worker)', reason, query: null, params: {}, expected: null, actual: null, error: null },
  };
}

/**
 * A worker running tck-worker.ts, resolved once it says it is ready. tsx is
 * registered in it first: Node 20 does not carry `--import tsx` hooks into a
 * worker's entry module.
 */
function startWorker(sessionModuleUrl: string): Promise<Worker> {
  const workerUrl = new URL('./tck-worker.ts', import.meta.url).href;
  const tsxUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxUrl)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`;
  const start: WorkerStart = { sessionModuleUrl };
  const worker = new Worker(bootstrap, { eval: true, workerData: start });
  return new Promise<Worker>((resolve, reject) => {
    const done = (err: Error | null): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (err === null) resolve(worker);
      else {
        void worker.terminate();
        reject(err);
      }
    };
    const onMessage = (m: WorkerReady): void => done(m.ready ? null : new Error(m.error));
    const onError = (err: Error): void => done(err);
    const onExit = (code: number): void => done(new Error(`exited with code ${code} while starting`));
    const timer = setTimeout(() => done(new Error(`not ready after ${WORKER_START_TIMEOUT_MS} ms`)), WORKER_START_TIMEOUT_MS);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
