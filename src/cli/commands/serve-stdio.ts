/**
 * `sombra stdio <db>` (hidden): the stdio protocol server for other languages
 * (src/server/stdio/protocol.ts; the Python package starts it). Database
 * options come as one JSON object in camelCase (`--options-json
 * '{"synchronous":"full"}'`); `--parent-pid` ends the server when that process
 * is gone. `serveStdio` is what `sombra serve --stdio` calls.
 */
import type { Command } from 'commander';
import { serveStdioProcess, type StdioProcessFlags } from '../../server/stdio/stdio-process.js';
import type { CommandHost } from '../command-host.js';

/** Options of the stdio mode as the command line gives them. */
export type ServeStdioFlags = StdioProcessFlags;

/**
 * Serves the stdio protocol on this process's stdin/stdout until the client
 * closes, stdin ends, the parent dies or a signal arrives; resolves to the
 * exit code. Nothing else may write to stdout meanwhile.
 */
export function serveStdio(path: string, flags: ServeStdioFlags): Promise<number> {
  return serveStdioProcess(path, flags);
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
