#!/usr/bin/env node
/**
 * The `sombra` command: create, query, load, export, inspect and maintain a
 * database file. One file per subcommand under `commands/`; this one builds
 * the commander program (global flags --json, --quiet, --debug; --help on
 * every command) and maps the outcome to an exit code: 0 ok, 1 error,
 * 2 verify or doctor found problems. docs/cli.md describes every command.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { CommandHost, type Terminal } from './command-host.js';
import { addCheckpointCommand } from './commands/checkpoint.js';
import { addDoctorCommand } from './commands/doctor.js';
import { addExportCommand } from './commands/export.js';
import { addImportCommand } from './commands/import.js';
import { addInitCommands } from './commands/init.js';
import { addInspectCommand } from './commands/inspect.js';
import { addPragmaCommand } from './commands/pragma.js';
import { addServeCommand } from './commands/serve.js';
import { addServeStdioCommand } from './commands/serve-stdio.js';
import { addQueryCommand } from './commands/query.js';
import { addShellCommand } from './commands/shell.js';
import { addStatsCommand } from './commands/stats.js';
import { addVacuumCommand } from './commands/vacuum.js';
import { addVerifyCommand } from './commands/verify.js';
import { EXIT_ERROR, describeError } from './output.js';

/** Every subcommand, in the order `--help` lists them. */
const COMMANDS: ReadonlyArray<(program: Command, host: CommandHost) => void> = [addInitCommands, addQueryCommand, addShellCommand, addStatsCommand, addVerifyCommand, addCheckpointCommand, addDoctorCommand, addPragmaCommand, addImportCommand, addExportCommand, addVacuumCommand, addInspectCommand, addServeCommand, addServeStdioCommand];

/** Builds the program; `terminal` is where it prints (tests capture it). */
export function buildProgram(host: CommandHost): Command {
  const t = host.terminal;
  const program = new Command('sombra')
    .usage('<command> <db> [options]')
    .description('Sombra: an embedded property graph database. Exit status: 0 ok, 1 error, 2 verify found problems.')
    .option('--json', 'machine-readable output on stdout')
    .option('-q, --quiet', 'no progress bars or summaries (errors still print)')
    .option('--debug', 'print stack traces with errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => t.out(s.replace(/\n$/, '')),
      writeErr: (s) => t.err(s.replace(/\n$/, '')),
      getOutHelpWidth: () => Math.min(t.columns, 100),
      getErrHelpWidth: () => Math.min(t.columns, 100),
    });
  for (const add of COMMANDS) add(program, host);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: string[], terminal: Terminal): Promise<number> {
  const host = new CommandHost(terminal);
  const program = buildProgram(host);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_ERROR;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_ERROR;
    terminal.err(describeError(err, argv.includes('--debug')));
    return EXIT_ERROR;
  }
  return host.exitCode;
}

/** The terminal of this process. */
export function processTerminal(): Terminal {
  return {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    isTTY: process.stderr.isTTY === true,
    columns: process.stdout.isTTY ? (process.stdout.columns ?? 80) : 100_000, // a piped table is not cut
  };
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

if (invokedDirectly()) {
  main(process.argv.slice(2), processTerminal()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${describeError(err, process.argv.includes('--debug'))}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
