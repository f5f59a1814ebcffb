// NDJSON streaming in bounded memory, cancellation when the client goes
// away, and the query time limit, over real HTTP on 127.0.0.1.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { metricValue, post, startHarness, waitFor, type Harness } from './server-harness.js';

const execFileP = promisify(execFile);

/** A client in its own process: POSTs argv[2] to argv[1] asking for NDJSON; prints status, rows, bytes and the last line. */
const NDJSON_CLIENT = `
const http = require('node:http');
const req = http.request(process.argv[1], { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' } }, (res) => {
  let rows = 0, bytes = 0, rest = '', last = '', next = 1, ordered = true;
  res.setEncoding('utf8');
  res.on('data', (s) => {
    bytes += Buffer.byteLength(s);
    const lines = (rest + s).split('\\n');
    rest = lines.pop();
    for (const l of lines) {
      if (l.startsWith('{"row":{"i":')) { rows++; if (parseInt(l.slice(12), 10) !== next++) ordered = false; } else last = l;
    }
  });
  res.on('end', () => process.stdout.write(JSON.stringify({ status: res.statusCode, type: res.headers['content-type'], rows, bytes, ordered, last })));
});
req.end(process.argv[2]);
`;

/**
 * 1e9 rows, each with ~10^3 steps of work: even the first million (a stream's
 * row limit) take far longer than any test waits, on any machine.
 */
const ENDLESS = 'UNWIND range(1, 1000) AS a UNWIND range(1, 1000) AS b UNWIND range(1, 1000) AS c RETURN a, b, c, reduce(s = 0, x IN range(1, 1000) | s + x) AS d';

async function metrics(h: Harness): Promise<string> {
  return (await fetch(`${h.url}/metrics`)).text();
}

describe('streaming and cancellation', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ queryTimeoutMs: 60_000 });
  });
  after(async () => h.close());

  test('100k rows stream as NDJSON while the server heap stays bounded', async () => {
    const pad = 'x'.repeat(400); // ~42 MB of output in all
    const heapStart = process.memoryUsage().heapUsed;
    let heapMax = heapStart;
    const sampler = setInterval(() => {
      heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
    }, 5);
    let out: { status: number; type: string; rows: number; bytes: number; ordered: boolean; last: string };
    try {
      // The client runs in another process, so this process's heap is the server's.
      const { stdout } = await execFileP(process.execPath, ['-e', NDJSON_CLIENT, `${h.url}/api/query`, JSON.stringify({ cypher: 'UNWIND range(1, 100000) AS i RETURN i, $pad AS pad', params: { pad } })], { maxBuffer: 1 << 20 });
      out = JSON.parse(stdout) as typeof out;
    } finally {
      clearInterval(sampler);
    }
    assert.equal(out.status, 200);
    assert.match(out.type, /application\/x-ndjson/);
    assert.equal(out.rows, 100_000);
    assert.equal(out.ordered, true);
    assert.deepEqual(
      (({ rowCount, truncated }) => ({ rowCount, truncated }))((JSON.parse(out.last) as { summary: { rowCount: number; truncated: boolean } }).summary),
      { rowCount: 100_000, truncated: false },
    );
    assert.ok(out.bytes > 40_000_000, `${out.bytes} bytes streamed`);
    // Answering the same query as one JSON body grows the heap by about 120 MB (rows, then their text).
    const growthMb = (heapMax - heapStart) / 1e6;
    assert.ok(growthMb < 60, `heap grew ${growthMb.toFixed(1)} MB while streaming`);
  });

  test('a client that disconnects cancels its query and its snapshot is released', async () => {
    const cancelledBefore = metricValue(await metrics(h), 'sombra_query_errors_total{kind="cypher_read",code="CANCELLED"}');
    await new Promise<void>((resolve, reject) => {
      const req = http.request(`${h.url}/api/query?format=ndjson`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let got = 0;
        res.on('data', (chunk: Buffer) => {
          got += chunk.length;
          if (got > 10_000) {
            req.destroy(); // the client goes away mid-stream
            resolve();
          }
        });
        res.on('error', () => {});
      });
      req.on('error', (err) => (err.message.includes('aborted') || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
      req.end(JSON.stringify({ cypher: ENDLESS }));
    });
    assert.ok(
      await waitFor(async () => metricValue(await metrics(h), 'sombra_query_errors_total{kind="cypher_read",code="CANCELLED"}') === cancelledBefore + 1 && h.server.runningQueries === 0),
      'the query was not cancelled',
    );
    assert.equal(h.db.pager.stats().readersOpen, 0);
  });

  test('a JSON query that runs to the end is cancelled by a disconnect too', async () => {
    const ac = new AbortController();
    const pending = fetch(`${h.url}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cypher: `PROFILE ${ENDLESS}` }), signal: ac.signal });
    assert.ok(await waitFor(() => h.server.runningQueries === 1), 'the query did not start');
    ac.abort();
    await assert.rejects(pending);
    assert.ok(await waitFor(() => h.server.runningQueries === 0 && h.db.pager.stats().readersOpen === 0), 'the query kept running');
  });

  test('a query over the time limit is cancelled: 504 QUERY_TIMEOUT, or an error line once streaming', async () => {
    const r = await post(`${h.url}/api/query`, { cypher: `PROFILE ${ENDLESS}`, timeoutMs: 200 });
    assert.equal(r.status, 504);
    assert.equal(r.body.code, 'QUERY_TIMEOUT');
    const res = await fetch(`${h.url}/api/query?format=ndjson`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cypher: ENDLESS, timeoutMs: 200 }) });
    const lines = (await res.text()).trim().split('\n');
    assert.deepEqual(JSON.parse(lines[lines.length - 1]!), { error: { code: 'QUERY_TIMEOUT', message: 'the query ran longer than 200 ms and was cancelled' } }, lines.slice(-2).join('\n'));
    assert.ok(lines.length > 1, 'rows came before the error');
    assert.equal(h.server.runningQueries, 0);
  });
});
