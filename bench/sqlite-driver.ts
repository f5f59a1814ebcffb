/**
 * better-sqlite3, the benchmark's SQLite, loaded from the benchmark's own
 * package (bench/package.json, installed into bench/node_modules by
 * `npm run bench` when missing) so that the root `npm ci` never compiles it.
 * The types come from `@types/better-sqlite3` in the root devDependencies.
 * Import it as `import SqliteDatabase from '../sqlite-driver.js'` (the same
 * value and `SqliteDatabase.Database` type as `import ... from 'better-sqlite3'`),
 * from bench/ run through tsx as well as from dist/bench.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';

/** bench/package.json of this checkout: the nearest ancestor directory with one (dist/bench/.. leads to the root). */
function benchPackageFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [join(dir, 'package.json'), join(dir, 'bench', 'package.json')]) {
      if (existsSync(candidate) && existsSync(join(dirname(candidate), 'sqlite-driver.ts'))) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bench/package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

function load(): typeof BetterSqlite3 {
  const packageFile = benchPackageFile();
  try {
    return createRequire(packageFile)('better-sqlite3') as typeof BetterSqlite3;
  } catch (err) {
    throw new Error(`better-sqlite3 is not installed for the benchmark: run \`npm ci --prefix ${dirname(packageFile)}\` (npm run bench does it when missing)`, { cause: err });
  }
}

const SqliteDatabase: typeof BetterSqlite3 = load();
// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace SqliteDatabase {
  /** An open SQLite database (better-sqlite3's `Database`). */
  type Database = BetterSqlite3.Database;
  /** A prepared statement. */
  type Statement<P extends unknown[] | {} = unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;
}
export default SqliteDatabase;
