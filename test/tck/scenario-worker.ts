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
    const reply = nextMessage<ScenarioOutcome>(worker, this.scenarioTimeoutMs);
    worker.postMessage(request);
    const answer = await reply;
    if (answer.ok) return answer.message;
    this.#worker = null;
    void worker.terminate();
    return failedOutcome(scenario, `the scenario's thread ${answer.problem}`);
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
async function startWorker(sessionModuleUrl: string): Promise<Worker> {
  const workerUrl = new URL('./tck-worker.ts', import.meta.url).href;
  const tsxUrl = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxUrl)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`;
  const start: WorkerStart = { sessionModuleUrl };
  const worker = new Worker(bootstrap, { eval: true, workerData: start });
  const answer = await nextMessage<WorkerReady>(worker, WORKER_START_TIMEOUT_MS);
  const ready = answer.ok ? answer.message : { ready: false as const, error: answer.problem };
  if (ready.ready) return worker;
  void worker.terminate();
  throw new Error(ready.error);
}

/**
 * The thread's next message, or what went wrong instead: it crashed, it
 * exited, or nothing came within `timeoutMs`. Its listeners are detached either way.
 */
function nextMessage<T>(worker: Worker, timeoutMs: number): Promise<{ ok: true; message: T } | { ok: false; problem: string }> {
  return new Promise((resolve) => {
    const finish = (answer: { ok: true; message: T } | { ok: false; problem: string }): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(answer);
    };
    const onMessage = (message: T): void => finish({ ok: true, message });
    const onError = (err: unknown): void => finish({ ok: false, problem: `crashed: ${err instanceof Error ? err.message : String(err)}` });
    const onExit = (code: number): void => finish({ ok: false, problem: `exited with code ${code}` });
    const timer = setTimeout(() => finish({ ok: false, problem: `timed out after ${timeoutMs} ms` }), timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
