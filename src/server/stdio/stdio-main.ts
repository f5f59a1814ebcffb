#!/usr/bin/env node
/**
 * The lean entry of the stdio server: `node stdio-main.js <db>
 * [--options-json <json>] [--parent-pid <pid>]`, the same server as
 * `sombra serve <db> --stdio` without loading the CLI and the HTTP server
 * (about half the start-up time). The Python package prefers it when it sits
 * beside the `sombra` entry it found. Errors before serving go to stderr, exit 1.
 */
import { serveStdioProcess, type StdioProcessFlags } from './stdio-process.js';

function parseArgs(argv: readonly string[]): { path: string; flags: StdioProcessFlags } {
  const flags: StdioProcessFlags = {};
  let path: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--options-json') flags.optionsJson = value();
    else if (a === '--parent-pid') flags.parentPid = value();
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (path === null) path = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (path === null) throw new Error('usage: stdio-main <db> [--options-json <json>] [--parent-pid <pid>]');
  return { path, flags };
}

try {
  const { path, flags } = parseArgs(process.argv.slice(2));
  process.exitCode = await serveStdioProcess(path, flags);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
