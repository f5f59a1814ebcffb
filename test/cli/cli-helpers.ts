// Helpers of the CLI tests: run `sombra` in this process (fast) or as a child
// process (real exit codes, real stdout/stderr, pipes), and temp directories.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const MAIN_TS = path.join(REPO_ROOT, 'src/cli/main.ts');

export interface RunResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `sombra argv...` in this process, capturing its output. */
export async function run(...argv: string[]): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false, columns: 100 });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Runs `sombra argv...` as a child process (tsx), optionally with stdin. */
export function runChild(argv: string[], options: { input?: string; env?: Record<string, string> } = {}): RunResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN_TS, ...argv], {
    cwd: REPO_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Starts `sombra argv...` as a child process and returns it (for kill tests). */
export function spawnChild(argv: string[]): ReturnType<typeof spawn> {
  return spawn(process.execPath, ['--import', 'tsx', MAIN_TS, ...argv], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A fresh temp directory, removed after `fn`. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-cli-'));
  try {
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
