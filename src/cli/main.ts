#!/usr/bin/env node
/**
 * The `sombra` command: inspect and maintain a database file.
 *
 *     sombra stats <db> [--json]       counts, sizes, what recovery found
 *     sombra verify <db> [--json]      check every structure (exit 2 on problems)
 *     sombra checkpoint <db> [--json]  fold the log into the database file
 *
 * One file per subcommand; this one parses the command line.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkpointCommand } from './checkpoint.js';
import { EXIT_ERROR, describeError, type CommandContext } from './output.js';
import { statsCommand } from './stats.js';
import { verifyCommand } from './verify.js';

const COMMANDS: Record<string, (ctx: CommandContext, path: string) => Promise<number>> = {
  stats: statsCommand,
  verify: verifyCommand,
  checkpoint: checkpointCommand,
};

const USAGE = `usage: sombra <command> <database> [--json]

commands:
  stats        counts, sizes, and what recovery found in the log (read-only)
  verify       check every structure of the file; exit status 2 on problems (read-only)
  checkpoint   copy the log into the database file and restart the log`;

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (err) {
    ctx.err(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return EXIT_ERROR;
  }
  const [command, path, ...rest] = parsed.positionals;
  if (parsed.values.help || command === undefined) {
    ctx.out(USAGE);
    return parsed.values.help ? 0 : EXIT_ERROR;
  }
  const run = COMMANDS[command];
  if (run === undefined) {
    ctx.err(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return EXIT_ERROR;
  }
  if (path === undefined || rest.length > 0) {
    ctx.err(`${command} takes exactly one database path\n${USAGE}`);
    return EXIT_ERROR;
  }
  try {
    return await run({ ...ctx, json: parsed.values.json === true }, path);
  } catch (err) {
    ctx.err(describeError(err));
    return EXIT_ERROR;
  }
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

const isEntry = invokedDirectly();
if (isEntry) {
  main(process.argv.slice(2), { json: false, out: (l) => console.log(l), err: (l) => console.error(l) }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(describeError(err));
      process.exit(EXIT_ERROR);
    },
  );
}
