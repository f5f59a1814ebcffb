// `sombra serve` as a process: the token generated, saved (0600) and printed
// at the first start and read back at the next; SIGINT or SIGTERM stops accepting,
// cancels the query still running after the grace period, closes the
// database (checkpoint) and exits 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database.js';

const MAIN = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'src', 'cli', 'main.ts');

interface Running {
  child: ChildProcess;
  url: string;
  stdout: string;
  exit: Promise<number | null>;
}

async function startServe(dbPath: string, extra: string[] = []): Promise<Running> {
  const env = { ...process.env };
  delete env.SOMBRA_TOKEN;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', dbPath, '--port', '0', ...extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout} ${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
      if (m !== null && stdout.includes('database ')) {
        clearTimeout(timer);
        setTimeout(() => resolve(m[1]!), 50); // the token lines follow in the same write or the next
      }
    });
    void exit.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, get stdout() {
    return stdout;
  }, exit };
}

test('sombra serve: token at first start, graceful shutdown on SIGTERM, exit 0', { timeout: 120_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-serve-cmd-'));
  const dbPath = path.join(dir, 'g.sombra');
  try {
    const s = await startServe(dbPath, ['--grace-ms', '500']);
    const m = /writes need this token \(saved in (.+)\):\n\s+(\S+)/.exec(s.stdout);
    assert.ok(m !== null, s.stdout);
    const token = m[2]!;
    assert.equal(m[1], `${dbPath}-token`);
    assert.equal(fs.statSync(`${dbPath}-token`).mode & 0o777, 0o600);

    const w = await fetch(`${s.url}/api/mutate`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify([{ op: 'createNode', labels: 'A' }, { op: 'createNode', labels: 'A' }]) });
    assert.equal(w.status, 200);

    // Two queries that would run for ages. The first one's rows cost ~10^4
    // steps of work each, so no machine finishes 10^6 of them within the
    // grace period; its client keeps reading. The second one's rows are 4 KiB
    // each and its client stops reading after its first bytes: the server's
    // writes soon wait on a full socket, and that must not hold the shutdown up.
    const slowQuery = JSON.stringify({ cypher: 'UNWIND range(1, 1000000) AS a RETURN a, reduce(s = 0, x IN range(1, 10000) | s + x) AS b' });
    const bigRowsQuery = JSON.stringify({ cypher: 'WITH reduce(s = "", i IN range(1, 4096) | s + "x") AS pad UNWIND range(1, 1000000) AS a RETURN a, pad' });
    const startStream = (stopReading: boolean): { text: () => string; ended: Promise<void>; drop: () => void } => {
      let streamed = '';
      let request: http.ClientRequest | undefined;
      const ended = new Promise<void>((resolve) => {
        const req = (request = http.request(`${s.url}/api/query?format=ndjson`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            streamed = (streamed + d).slice(-2000);
            if (stopReading) res.pause();
          });
          res.on('end', () => resolve());
          res.on('error', () => resolve());
          res.on('close', () => resolve());
        }));
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.end(stopReading ? bigRowsQuery : slowQuery);
      });
      return { text: () => streamed, ended, drop: () => request!.destroy() };
    };
    const reading = startStream(false);
    const stalled = startStream(true);
    while (reading.text().length === 0 || stalled.text().length === 0) await new Promise((r) => setTimeout(r, 20));

    s.child.kill('SIGTERM');
    await reading.ended;
    assert.match(reading.text().trim().split('\n').pop()!, /"code":"NOT_READY"/, 'the running query was cancelled with a last error line');
    assert.equal(await s.exit, 0, 'the client that stopped reading did not hold the shutdown up');
    stalled.drop();
    await stalled.ended;
    await assert.rejects(fetch(`${s.url}/health/live`), 'nothing listens any more');

    const db = await Database.open(dbPath, { readOnly: true });
    try {
      assert.equal(db.countNodesWithLabel('A'), 2);
      assert.equal(db.stats().walFrames, 0, 'closed with a checkpoint');
    } finally {
      await db.close();
    }

    const again = await startServe(dbPath);
    assert.match(again.stdout, /writes need the token saved in/);
    assert.ok(!again.stdout.includes(token), 'the saved token is not printed again');
    const w2 = await fetch(`${again.url}/api/mutate`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '[{"op":"createNode","labels":"A"}]' });
    assert.equal(w2.status, 200, 'the saved token still opens writes');
    again.child.kill('SIGINT');
    assert.equal(await again.exit, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
