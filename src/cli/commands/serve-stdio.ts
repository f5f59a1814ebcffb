/**
 * `sombra stdio <db>` (hidden): the stdio protocol server for other languages
 * (src/server/stdio/protocol.ts; the Python package starts it). Database
 * options come as one JSON object in camelCase (`--options-json
 * '{"synchronous":"full"}'`); `--parent-pid` ends the server when that process
 * is gone. `serveStdio` is what `sombra serve --stdio` calls.
 */
import type { Command } from 'commander';
import { InvalidArgError } from '../../base/errors.js';
import type { DatabaseOptions } from '../../db/options.js';
import { startStdioServer } from '../../server/stdio/stdio-server.js';
import type { CommandHost } from '../command-host.js';

/** Options of the stdio mode as the command line gives them. */
export interface ServeStdioFlags {
  optionsJson?: string;
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
 * Serves the stdio protocol on this process's stdin/stdout until the client
 * closes, stdin ends, the parent dies or a signal arrives; resolves to the
 * exit code. Nothing else may write to stdout meanwhile.
 */
export async function serveStdio(path: string, flags: ServeStdioFlags): Promise<number> {
  const parentPid = flags.parentPid === undefined ? undefined : Number(flags.parentPid);
  if (parentPid !== undefined && !(Number.isSafeInteger(parentPid) && parentPid > 0)) throw new InvalidArgError(`--parent-pid must be a process id, got ${flags.parentPid}`);
  const server = startStdioServer(path, parseOptions(flags.optionsJson), process.stdin, process.stdout, parentPid === undefined ? {} : { parentPid });
  const onSignal = (): void => server.stop();
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    const outcome = await server.done;
    return outcome.exitCode;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('SIGHUP', onSignal);
    // A paused stdin pipe keeps the event loop alive: release it, and make sure the process ends.
    process.stdin.destroy();
    setTimeout(() => process.exit(), 200).unref();
  }
}

export function addServeStdioCommand(program: Command, host: CommandHost): void {
  program
    .command('stdio', { hidden: true })
    .description('serve the stdio protocol (newline-delimited JSON) for other languages; docs/python.md')
    .argument('<db>', 'database file (created when missing)')
    .option('--options-json <json>', 'database options as a JSON object (camelCase)')
    .option('--parent-pid <pid>', 'end when this process is gone')
    .action(host.action(async (_ctx, opts: ServeStdioFlags, path: string) => serveStdio(path, opts)));
}
