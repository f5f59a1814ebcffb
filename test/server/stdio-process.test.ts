// The stdio server as a child process (`sombra serve <db> --stdio`, and the
// lean entry src/server/stdio/stdio-main.ts): it never
// outlives its client. It ends when its stdin closes, and with --parent-pid
// when that process dies even though its stdin stays open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { Database } from '../../src/db/database.js';
import { MAIN_TS, REPO_ROOT } from '../cli/cli-helpers.js';

const LEAN_TS = path.join(REPO_ROOT, 'src/server/stdio/stdio-main.ts');

/** `sombra serve <db> --stdio`, or with `lean` the lean entry `stdio-main <db>`. */
function startServer(file: string, extra: string[] = [], lean = false): ChildProcess {
  const argv = lean ? [LEAN_TS, file, ...extra] : [MAIN_TS, 'serve', file, '--stdio', ...extra];
  return spawn(process.execPath, ['--import', 'tsx', ...argv], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
}

async function firstLine(child: ChildProcess): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of child.stdout!) {
    text += String(chunk);
    const nl = text.indexOf('\n');
    if (nl >= 0) return JSON.parse(text.slice(0, nl)) as Record<string, unknown>;
  }
  throw new Error('no greeting');
}

for (const lean of [false, true]) {
  test(`${lean ? 'the lean entry' : 'sombra serve --stdio'}: the server process ends when its stdin closes, releasing the database`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-stdio-proc-'));
    try {
      const file = path.join(dir, 'g.sombra');
      const child = startServer(file, ['--options-json', '{"synchronous":"full"}'], lean);
      const hello = await firstLine(child);
      assert.equal((hello['result'] as { protocol: number }).protocol, 1);
      child.stdin!.write('{"id":1,"method":"createNode","params":{"labels":"A"}}\n');
      child.stdin!.end();
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0);
      const db = await Database.open(file);
      assert.equal(db.nodeCount(), 1);
      await db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the lean entry refuses a bad command line on stderr with exit status 1', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', LEAN_TS, '--bogus'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += String(c)));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 1);
  assert.match(err, /unknown option --bogus/);
});

test('with --parent-pid the server ends when that process is killed, though its stdin stays open', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-stdio-proc-'));
  const parent = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  try {
    const file = path.join(dir, 'g.sombra');
    const child = startServer(file, ['--parent-pid', String(parent.pid)], true);
    await firstLine(child);
    const exited = once(child, 'exit');
    parent.kill('SIGKILL');
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);
    const db = await Database.open(file); // the lock is free
    await db.close();
    child.stdin!.destroy();
  } finally {
    parent.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
