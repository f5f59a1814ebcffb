// Process-kill test (DESIGN §9): a child process commits and reports every
// acknowledged commit; we SIGKILL it at a random moment, reopen (taking over
// its stale lock), and find every acknowledged commit. Repeated on one
// database so that recovery also runs over earlier recoveries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeVfs } from '../../src/vfs/node-vfs.js';
import { Pager } from '../../src/pager/pager.js';
import { readU32 } from '../../src/base/bytes.js';
import { Prng } from '../../src/base/prng.js';

const CHILD = path.join(path.dirname(new URL(import.meta.url).pathname), 'kill-child.ts');
const DATA_PAGES = 50;
const SLOT_BASE = 16;

function runAndKill(file: string, killAfterAcks: number): Promise<{ acked: number[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, '4'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('ack ')) acked.push(Number(line.slice(4)));
      }
      if (acked.length >= killAfterAcks && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited with ${code}/${signal}: ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

test('every commit acknowledged before a SIGKILL is there after reopen', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-kill-'));
  const file = path.join(dir, 'kill.sombra');
  const prng = new Prng(Number(process.env['SOMBRA_KILL_SEED'] ?? 7));
  const allAcked: number[] = [];
  try {
    for (let round = 0; round < 4; round++) {
      const killAfter = 20 + prng.int(400);
      const { acked } = await runAndKill(file, killAfter);
      assert.ok(acked.length >= killAfter, `round ${round}: the child acknowledged ${acked.length} commits`);
      allAcked.push(...acked);
      assert.ok(fs.existsSync(`${file}-lock`), 'the killed child left its lock behind');

      const pager = await Pager.open(new NodeVfs(), file, { autocheckpointMs: null, walPreallocateBytes: 1 << 20 });
      try {
        const view = pager.latest();
        const dirPage = view.getRoot('kill')!;
        const missing = allAcked.filter((id) => readU32(view.getPage(dirPage + 1 + (id % DATA_PAGES)), SLOT_BASE + Math.floor(id / DATA_PAGES) * 4) !== id);
        assert.deepEqual(missing, [], `round ${round} (killed after ${killAfter} acks): acknowledged commits missing`);
        assert.ok(view.getCounter('next') > Math.max(...allAcked), 'view.getCounter(\'next\') > Math.max(...allAcked)');
      } finally {
        await pager.close();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`# ${allAcked.length} acknowledged commits over 4 kills, all present`);
});
