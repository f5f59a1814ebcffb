/**
 * What every subcommand file plugs into: `host.action(cmd, fn)` turns a
 * commander action into one that builds the `CommandContext` from the global
 * flags, runs `fn`, prints an error as one line (stack with --debug) and
 * records the exit code that `main` returns.
 */
import type { Command } from 'commander';
import { EXIT_ERROR, describeError, type CommandContext } from './output.js';

/** Global flags, as commander hands them over. */
interface GlobalFlags {
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

/** Where output goes and what the terminal looks like (tests pass their own). */
export interface Terminal {
  out: (line: string) => void;
  err: (line: string) => void;
  isTTY: boolean;
  columns: number;
}

export class CommandHost {
  exitCode = 0;
  readonly terminal: Terminal;

  constructor(terminal: Terminal) {
    this.terminal = terminal;
  }

  /** The context of `cmd`: its global flags over the terminal. */
  context(cmd: Command): CommandContext {
    const g = cmd.optsWithGlobals<GlobalFlags>();
    return { ...this.terminal, json: g.json === true, quiet: g.quiet === true, debug: g.debug === true };
  }

  /**
   * Wraps `fn(ctx, args, opts)` as a commander action; commander passes the
   * positional arguments, then the options object, then the command.
   */
  action<A extends unknown[], O>(fn: (ctx: CommandContext, opts: O, ...args: A) => Promise<number>): (...raw: unknown[]) => Promise<void> {
    return async (...raw: unknown[]) => {
      const cmd = raw[raw.length - 1] as Command;
      const opts = raw[raw.length - 2] as O;
      const args = raw.slice(0, raw.length - 2) as A;
      const ctx = this.context(cmd);
      try {
        this.exitCode = await fn(ctx, opts, ...args);
      } catch (err) {
        ctx.err(describeError(err, ctx.debug));
        this.exitCode = EXIT_ERROR;
      }
    };
  }
}
