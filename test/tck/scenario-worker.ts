/**
 * Runs TCK scenarios one after the other in a worker thread, so that a
 * scenario that hangs (a synchronous loop in an engine under construction)
 * or crashes its thread costs that scenario only: after `scenarioTimeoutMs`
 * the thread is terminated, the scenario is reported as failed, and a new
 * thread takes the next one. One thread for the whole run, not one per
 * scenario (starting one costs a few hundred milliseconds).
 */
import { Worker } from 'node:worker_threads';
import type { TckScenario } from './feature-loader.js';
import type { ScenarioOutcome, ScenarioRunOptions } from './scenario-runner.js';
import type { WorkerRequest } from './tck-worker.js';

export class ScenarioWorker {
  #worker: Worker | null = null;
  /** Set when a fresh thread failed before finishing any scenario: every later scenario fails with it at once. */
  #brokenReason: string | null = null;
  #workerFinishedAny = false;

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
    if (this.#worker === null) {
      this.#worker = startWorker();
      this.#workerFinishedAny = false;
    }
    const worker = this.#worker;
    const request: WorkerRequest = { scenario, options: this.options, sessionModuleUrl: this.sessionModuleUrl };
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
      const crashed = (reason: string): void => {
        if (!this.#workerFinishedAny) this.#brokenReason = `the TCK worker thread cannot run scenarios: ${reason}`;
        finish(failedOutcome(scenario, reason), true);
      };
      const onMessage = (outcome: ScenarioOutcome): void => {
        this.#workerFinishedAny = true;
        finish(outcome, false);
      };
      const onError = (err: unknown): void => crashed(`the scenario's thread crashed: ${err instanceof Error ? err.message : String(err)}`);
      const onExit = (code: number): void => crashed(`the scenario's thread exited with code ${code}`);
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
    if (worker !== null) await worker.terminate();
  }
}

function failedOutcome(scenario: TckScenario, reason: string): ScenarioOutcome {
  return {
    scenario,
    passed: false,
    failure: { step: '(worker)', reason, query: null, params: {}, expected: null, actual: null, error: null },
  };
}

/** A worker running tck-worker.ts, with tsx registered in it first (Node 20 does not carry `--import tsx` hooks into workers' entry modules). */
function startWorker(): Worker {
  const workerUrl = new URL('./tck-worker.ts', import.meta.url).href;
  const tsxUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxUrl)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`;
  return new Worker(bootstrap, { eval: true });
}
