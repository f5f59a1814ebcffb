// A real server on 127.0.0.1 (port 0) over a fresh database file with a
// small graph, for the server tests: helpers to call it over HTTP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/db/database.js';
import { startServer, type SombraServer } from '../../src/server/sombra-server.js';
import type { ServeOptions } from '../../src/server/serve-options.js';

export const TOKEN = 'test-token-0123456789abcdef';

export interface Harness {
  url: string;
  server: SombraServer;
  db: Database;
  dir: string;
  close(): Promise<void>;
}

/** A database with 20 :Person nodes in a KNOWS ring and 2 :City nodes. */
export async function seed(db: Database): Promise<void> {
  await db.cypher('UNWIND range(1, 20) AS i CREATE (:Person {id: i, name: "p" + toString(i)})');
  await db.cypher('MATCH (a:Person), (b:Person) WHERE b.id = a.id % 20 + 1 CREATE (a)-[:KNOWS]->(b)');
  await db.cypher('CREATE (:City {name: "Oslo"}), (:City {name: "Lima"})');
}

export async function startHarness(options: Partial<ServeOptions> = {}, seedGraph = true): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-server-test-'));
  const db = await Database.open(path.join(dir, 'test.sombra'));
  if (seedGraph) await seed(db);
  const server = await startServer(db, { port: 0, sampleIntervalMs: 50, ...(options.readOnly === true ? {} : { token: TOKEN }), ...options });
  return {
    url: server.url,
    server,
    db,
    dir,
    async close() {
      await server.close(200);
      if (!db.closed) await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs JSON; resolves to the status and the parsed body. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export const auth = { authorization: `Bearer ${TOKEN}` };

/** The value of one Prometheus sample line (`name{labels} value`), or 0 when absent. */
export function metricValue(text: string, sample: string): number {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${sample} `)) return Number(line.slice(sample.length + 1));
  }
  return 0;
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
}
