/**
 * `sombra shell <db>`: the interactive shell (shell-session.ts) on readline.
 * On a terminal: prompts, line editing, history kept in $SOMBRA_HISTORY or
 * ~/.sombra_history, Ctrl-C cancels the running query (or clears the
 * statement being typed) without leaving, Ctrl-D leaves. Piped input runs
 * statement by statement without prompts and stops at the first error with
 * exit status 1 (unless --continue-on-error).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { Option, type Command } from 'commander';
import type { CommandHost } from '../command-host.js';
import { openExisting } from '../open-database.js';
import { EXIT_ERROR, EXIT_OK } from '../output.js';
import type { ResultFormat } from '../result-format.js';
import { ShellSession } from '../shell-session.js';

const HISTORY_MAX_LINES = 1000;

interface ShellFlags {
  format?: ResultFormat;
  continueOnError?: boolean;
  readOnly?: boolean;
}

export function historyPath(): string {
  return process.env.SOMBRA_HISTORY ?? path.join(os.homedir(), '.sombra_history');
}

function loadHistory(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').reverse().slice(0, HISTORY_MAX_LINES);
  } catch {
    return [];
  }
}

export function addShellCommand(program: Command, host: CommandHost): void {
  program
    .command('shell')
    .description('interactive shell: Cypher statements ended by ";", :help for shell commands')
    .argument('<db>', 'database file')
    .addOption(new Option('--format <format>', 'result format').choices(['table', 'json', 'csv', 'ndjson']).default('table'))
    .option('--continue-on-error', 'piped input: run the remaining statements after an error (exit status 1 still)')
    .option('--read-only', 'open the database read-only')
    .addHelpText('after', `\nExamples:\n  sombra shell g.sombra\n  echo "MATCH (n) RETURN count(n);" | sombra shell g.sombra\n\nHistory: ${'$'}SOMBRA_HISTORY, else ~/.sombra_history`)
    .action(
      host.action(async (ctx, opts: ShellFlags, dbPath: string) => {
        const db = await openExisting(dbPath, { readOnly: opts.readOnly === true });
        const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
        const session = new ShellSession(db, { out: ctx.out, err: ctx.err, columns: () => process.stdout.columns ?? ctx.columns, ...(interactive ? {} : { source: 'stdin' }) }, opts.format ?? 'table');
        const historyFile = historyPath();
        const rl = readline.createInterface({
          input: process.stdin,
          output: interactive ? process.stdout : undefined,
          terminal: interactive,
          history: interactive ? loadHistory(historyFile) : [],
          historySize: HISTORY_MAX_LINES,
          removeHistoryDuplicates: true,
        });
        const prompt = (): void => {
          if (!interactive) return;
          rl.setPrompt(session.pending ? '      -> ' : session.inTransaction ? 'sombra(tx)> ' : 'sombra> ');
          rl.prompt();
        };
        if (interactive) {
          rl.on('history', (history: string[]) => {
            try {
              fs.writeFileSync(historyFile, `${[...history].reverse().join('\n')}\n`);
            } catch {
              // no history file (read-only home): the shell still works
            }
          });
          rl.on('SIGINT', () => {
            const what = session.cancel();
            if (what === 'cancelled') return; // the statement prints CANCELLED and the prompt comes back
            if (what === 'nothing') ctx.out('(Ctrl-D or :quit leaves the shell)');
            else ctx.out('');
            prompt();
          });
          ctx.out(`sombra shell on ${dbPath}. Statements end with ';'. :help for help, :quit to leave.`);
        }
        let failed = false;
        try {
          prompt();
          for await (const line of rl) {
            const ok = await session.line(line);
            if (!ok) failed = true;
            if (session.quit || (!ok && !interactive && opts.continueOnError !== true)) break;
            prompt();
          }
          if (!session.quit && !(failed && !interactive && opts.continueOnError !== true)) {
            if (!(await session.end())) failed = true;
          }
        } finally {
          rl.close();
          session.close();
          await db.close();
        }
        if (interactive) return EXIT_OK;
        return failed ? EXIT_ERROR : EXIT_OK;
      }),
    );
}
