/**
 * The stdio server as this process's whole job: serves on process.stdin and
 * process.stdout until the client closes, stdin ends, the parent dies or a
 * signal (SIGTERM, SIGINT, SIGHUP) arrives, then releases stdin so the
 * process can exit. Shared by `sombra serve --stdio` (src/cli/commands/
 * serve-stdio.ts) and the lean entry `stdio-main.ts`.
 */
import { InvalidArgError } from '../../base/errors.js';
import type { DatabaseOptions } from '../../db/options.js';
import { startStdioServer } from './stdio-server.js';

/** Options of the stdio mode as a command line gives them (text). */
export interface StdioProcessFlags {
  /** Database options as a JSON object in camelCase. */
  optionsJson?: string;
  /** End when this process is gone. */
  parentPid?: string;
}

function parseOptions(text: string | undefined): DatabaseOptions {
  if (text === undefined || text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new InvalidArgError(`--options-json is not JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidArgError('--options-json must be a JSON object');
  return parsed as DatabaseOptions;
}

/**
 * Serves the stdio protocol on this process's stdin/stdout; resolves to the
 * exit code (0, or 1 when the database could not be opened). Nothing else may
 * write to stdout meanwhile.
 */
export async function serveStdioProcess(path: string, flags: StdioProcessFlags): Promise<number> {
  const parentPid = flags.parentPid === undefined ? undefined : Number(flags.parentPid);
  if (parentPid !== undefined && !(Number.isSafeInteger(parentPid) && parentPid > 0)) throw new InvalidArgError(`--parent-pid must be a process id, got ${flags.parentPid}`);
  const server = startStdioServer(path, parseOptions(flags.optionsJson), process.stdin, process.stdout, parentPid === undefined ? {} : { parentPid });
  const onSignal = (): void => server.stop();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', onSignal);
  let exitCode = 1;
  try {
    exitCode = (await server.done).exitCode;
    return exitCode;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('SIGHUP', onSignal);
    // The database is closed and every answer written: end once stdout has flushed, rather
    // than wait for handles (a paused stdin pipe) to let the event loop go.
    process.stdin.destroy();
    process.stdout.write('', () => process.exit(exitCode));
  }
}
