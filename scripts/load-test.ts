#!/usr/bin/env node
/**
 * Load test of `sombra serve` (not part of npm test): starts the server as
 * its own process on 127.0.0.1 over a fresh database, then runs `--clients`
 * concurrent clients (default 64), each with its own keep-alive connection,
 * alternating `POST /api/mutate` (a node and an edge, one transaction) and
 * `POST /api/query` (a Cypher read around a random node), until `--requests`
 * requests were answered or `--seconds` passed, whichever comes first.
 * Reports requests/s, p50/p99 latency overall and per endpoint, failed
 * requests, and commits per log sync (group commit) from the server's
 * /metrics. Exits 1 if any request failed.
 *
 * Usage: npm run load-test -- [--clients 64] [--requests 20000] [--seconds 20] [--write-ratio 0.5]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '64' },
    requests: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '20' },
    'write-ratio': { type: 'string', default: '0.5' },
  },
});
const CLIENTS = Number(args.clients);
const REQUESTS_MAX = Number(args.requests);
const DURATION_MS = Number(args.seconds) * 1000;
const WRITE_RATIO = Number(args['write-ratio']);
const TOKEN = 'load-test-token-0123456789';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-load-'));
  const db = path.join(dir, 'load.sombra');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'serve', db, '--port', '0', '--token', TOKEN], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m !== null) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });

  const call = (pathName: string, body: unknown): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request(`${url}${pathName}`, { method: pathName === '/metrics' ? 'GET' : 'POST', agent, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });

  // A starting graph so reads find something.
  await call('/api/query', { cypher: 'UNWIND range(1, 1000) AS i CREATE (:User {n: i})' });
  await call('/api/query', { cypher: 'MATCH (a:User), (b:User) WHERE b.n = (a.n * 7) % 1000 + 1 CREATE (a)-[:KNOWS]->(b)' });
  const before = (await call('/metrics', undefined)).text;

  const latencies: Record<'mutate' | 'query', number[]> = { mutate: [], query: [] };
  const failures: string[] = [];
  let issued = 0;
  const started = performance.now();
  const deadline = started + DURATION_MS;
  let nodeMax = 1000;

  async function client(seed: number): Promise<void> {
    let x = seed * 2654435761;
    const rand = (): number => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
    while (issued < REQUESTS_MAX && performance.now() < deadline) {
      issued++;
      const write = rand() < WRITE_RATIO;
      const t0 = performance.now();
      try {
        const r = write
          ? await call('/api/mutate', [
              { op: 'createNode', labels: 'User', props: { n: Math.floor(rand() * 1e6) }, as: 'u' },
              { op: 'createEdge', src: { ref: 'u' }, dst: 1 + Math.floor(rand() * nodeMax), type: 'KNOWS' },
            ])
          : await call('/api/query', { cypher: 'MATCH (a)-[:KNOWS]->(b) WHERE id(a) = $id RETURN b.n AS n LIMIT 20', params: { id: 1 + Math.floor(rand() * nodeMax) } });
        if (r.status !== 200) failures.push(`${write ? 'mutate' : 'query'} ${r.status} ${r.text.slice(0, 200)}`);
        else if (write) nodeMax = Math.max(nodeMax, ...((JSON.parse(r.text) as { ids: Array<number | null> }).ids.filter((i): i is number => i !== null).slice(0, 1)));
      } catch (err) {
        failures.push(String(err));
      }
      latencies[write ? 'mutate' : 'query'].push(performance.now() - t0);
    }
  }

  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i + 1)));
  const elapsedS = (performance.now() - started) / 1000;
  const after = (await call('/metrics', undefined)).text;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  agent.destroy();
  fs.rmSync(dir, { recursive: true, force: true });

  const all = [...latencies.mutate, ...latencies.query].sort((a, b) => a - b);
  const commits = metric(after, 'sombra_commits_total') - metric(before, 'sombra_commits_total');
  const syncs = metric(after, 'sombra_log_syncs_total') - metric(before, 'sombra_log_syncs_total');
  const line = (name: string, xs: number[]): string => {
    const s = [...xs].sort((a, b) => a - b);
    return `${name.padEnd(8)} ${String(s.length).padStart(7)} requests  ${(s.length / elapsedS).toFixed(0).padStart(6)} req/s  p50 ${percentile(s, 50).toFixed(2).padStart(7)} ms  p99 ${percentile(s, 99).toFixed(2).padStart(7)} ms`;
  };
  console.log(`sombra serve load test: ${CLIENTS} clients on 127.0.0.1, ${elapsedS.toFixed(1)} s, synchronous=full`);
  console.log(line('all', all));
  console.log(line('mutate', latencies.mutate));
  console.log(line('query', latencies.query));
  console.log(`commits ${commits}, log syncs ${syncs}, commits per sync ${syncs > 0 ? (commits / syncs).toFixed(2) : '-'}`);
  console.log(`failed requests: ${failures.length}`);
  for (const f of failures.slice(0, 5)) console.log(`  ${f}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

await main();
