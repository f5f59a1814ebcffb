/**
 * `sombra serve <db>`: the HTTP API, Prometheus metrics and the dashboard
 * (src/server, docs/server.md). Binds 127.0.0.1:7475 unless told otherwise.
 * Writes need the bearer token: `--token`, else $SOMBRA_TOKEN, else the one
 * saved in `<db>-token` (generated, saved and printed at the first start).
 * `--read-only` refuses every write. A missing database is created (empty);
 * `--demo` fills an empty one with a small sample graph. SIGINT/SIGTERM stop
 * accepting, let running queries finish (cancelling them after the grace
 * period), close the database (checkpoint) and exit 0.
 * `--stdio` serves the stdio protocol instead (serve-stdio.ts).
 */
import type { Command } from 'commander';
import { InvalidArgError } from '../../base/errors.js';
import { Database } from '../../db/database.js';
import { startServer, SHUTDOWN_GRACE_MS } from '../../server/sombra-server.js';
import { SERVE_DEFAULTS, type ServeOptions } from '../../server/serve-options.js';
import { loadOrCreateToken } from '../../server/token-file.js';
import type { CommandHost } from '../command-host.js';
import { EXIT_OK, type CommandContext } from '../output.js';
import { serveStdio } from './serve-stdio.js';

/** The flags of `sombra serve`, as commander hands them over. */
export interface ServeFlags {
  port?: string;
  host?: string;
  readOnly?: boolean;
  token?: string;
  corsOrigin?: string[];
  rowsMax?: string;
  queryTimeoutMs?: string;
  bodyLimitBytes?: string;
  graceMs?: string;
  demo?: boolean;
  stdio?: boolean;
  optionsJson?: string;
  parentPid?: string;
}

function intFlag(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgError(`--${name} must be an integer >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/** A small social graph for a first look at the dashboard (only into an empty database). */
async function seedDemo(db: Database): Promise<void> {
  if (db.nodeCount() > 0) return;
  await db.cypher(`
    UNWIND range(1, 60) AS i
    CREATE (:Person {id: i, name: 'person ' + toString(i), born: 1950 + (i * 7) % 50})`);
  await db.cypher(`UNWIND range(1, 8) AS i CREATE (:City {id: i, name: ['Oslo','Lima','Pune','Kyiv','Accra','Quito','Perth','Bergen'][i - 1]})`);
  await db.cypher(`MATCH (p:Person), (c:City) WHERE c.id = 1 + p.id % 8 CREATE (p)-[:LIVES_IN]->(c)`);
  await db.cypher(`MATCH (a:Person), (b:Person) WHERE b.id = 1 + (a.id * 7) % 60 AND a <> b CREATE (a)-[:KNOWS {since: 2000 + a.id % 20}]->(b)`);
  await db.cypher(`MATCH (a:Person), (b:Person) WHERE b.id = 1 + (a.id * 13 + 5) % 60 AND a <> b CREATE (a)-[:FOLLOWS]->(b)`);
}

/** Runs the HTTP server until a signal; resolves to the exit code. */
export async function runServe(ctx: CommandContext, path: string, flags: ServeFlags): Promise<number> {
  if (flags.stdio === true) {
    const f: { optionsJson?: string; parentPid?: string } = {};
    if (flags.optionsJson !== undefined) f.optionsJson = flags.optionsJson;
    if (flags.parentPid !== undefined) f.parentPid = flags.parentPid;
    return serveStdio(path, f);
  }
  const readOnly = flags.readOnly === true;
  const options: ServeOptions = { readOnly, host: flags.host ?? SERVE_DEFAULTS.host, port: intFlag('port', flags.port, 0) ?? SERVE_DEFAULTS.port, corsOrigins: flags.corsOrigin ?? [] };
  const rowsMax = intFlag('rows-max', flags.rowsMax, 1);
  if (rowsMax !== undefined) options.rowsMax = rowsMax;
  const timeoutMs = intFlag('query-timeout-ms', flags.queryTimeoutMs, 1);
  if (timeoutMs !== undefined) options.queryTimeoutMs = timeoutMs;
  const bodyLimit = intFlag('body-limit-bytes', flags.bodyLimitBytes, 1);
  if (bodyLimit !== undefined) options.bodyLimitBytes = bodyLimit;
  const graceMs = intFlag('grace-ms', flags.graceMs, 0) ?? SHUTDOWN_GRACE_MS;

  const db = await Database.open(path, readOnly ? { readOnly: true, createIfMissing: false } : {});
  let tokenNote = '';
  try {
    if (flags.demo === true && !readOnly) await seedDemo(db);
    if (!readOnly) {
      const given = flags.token ?? process.env.SOMBRA_TOKEN;
      if (given !== undefined && given !== '') {
        options.token = given;
        tokenNote = 'writes need the token given';
      } else {
        const t = loadOrCreateToken(path);
        options.token = t.token;
        tokenNote = t.created ? `writes need this token (saved in ${t.path}):\n  ${t.token}` : `writes need the token saved in ${t.path}`;
      }
    }
  } catch (err) {
    await db.close();
    throw err;
  }

  let server;
  try {
    server = await startServer(db, options);
  } catch (err) {
    await db.close();
    throw err;
  }
  ctx.out(`sombra serve: ${server.url}/ (dashboard, API under /api, metrics at /metrics)`);
  ctx.out(`database ${path}${readOnly ? ' (read-only: writes are refused)' : ''}`);
  if (tokenNote !== '') ctx.out(tokenNote);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  ctx.err('sombra serve: shutting down (finishing running queries)');
  await server.close(graceMs);
  await db.close();
  ctx.err('sombra serve: database closed');
  return EXIT_OK;
}

export function addServeCommand(program: Command, host: CommandHost): void {
  program
    .command('serve')
    .description('HTTP API, Prometheus metrics and the dashboard (docs/server.md)')
    .argument('<db>', 'database file (created when missing, unless --read-only)')
    .option('-p, --port <port>', `TCP port (0 picks a free one)`, String(SERVE_DEFAULTS.port))
    .option('--host <host>', 'interface to bind', SERVE_DEFAULTS.host)
    .option('--read-only', 'refuse every write')
    .option('--token <token>', 'bearer token for writes (default: $SOMBRA_TOKEN, else <db>-token, generated at first start)')
    .option('--cors-origin <origin...>', 'browser origins allowed to call the API (default: none)')
    .option('--rows-max <n>', `most rows of a JSON query result (default ${SERVE_DEFAULTS.rowsMax})`)
    .option('--query-timeout-ms <ms>', `longest a query may run (default ${SERVE_DEFAULTS.queryTimeoutMs})`)
    .option('--body-limit-bytes <n>', `largest request body (default ${SERVE_DEFAULTS.bodyLimitBytes})`)
    .option('--grace-ms <ms>', `time running queries get at shutdown (default ${SHUTDOWN_GRACE_MS})`)
    .option('--demo', 'fill an empty database with a small sample graph')
    .option('--stdio', 'serve the stdio protocol on stdin/stdout instead of HTTP (docs/python.md)')
    .option('--options-json <json>', 'with --stdio: database options as a JSON object')
    .option('--parent-pid <pid>', 'with --stdio: end when this process is gone')
    .action(host.action(async (ctx, opts: ServeFlags, path: string) => runServe(ctx, path, opts)));
}
