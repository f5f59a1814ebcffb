/**
 * `npm run bench [-- --workload W2,W5 --scale small|default|large --reps N --json out.json]`
 *
 * Runs the selected workloads on Sombra and on SQLite (better-sqlite3) in this
 * one process and prints one table with both results and the ratio. Every
 * database file lives in a temporary directory that is removed afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { formatTable, makeTempDir, ratio, removeDir, type BenchSuite, type ResultRow, type Scale } from './harness.js';
import { storageSuite } from './suites/storage.js';
import { graphSuite } from './suites/graph.js';
import { btreeSuite } from './suites/btree.js';
import { querySuite } from './suites/query.js';
import { importSuite } from './suites/import.js';

const suites: BenchSuite[] = [storageSuite, btreeSuite, graphSuite, querySuite, importSuite];

function usage(): string {
  const ids = suites.map((s) => `  ${s.title}: ${s.ids.join(', ')}`).join('\n');
  return `usage: npm run bench -- [--workload ID,ID...] [--scale small|default|large] [--reps N] [--json FILE]\nworkloads:\n${ids}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workload: { type: 'string' },
      scale: { type: 'string', default: 'default' },
      reps: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage());
    return;
  }
  const scale = values.scale as Scale;
  if (!['small', 'default', 'large'].includes(scale)) throw new Error(`--scale must be small, default or large, got ${values.scale}\n${usage()}`);
  const known = new Set(suites.flatMap((s) => s.ids));
  const selected = new Set(values.workload ? values.workload.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean) : known);
  for (const id of selected) if (!known.has(id)) throw new Error(`unknown workload ${id}\n${usage()}`);
  const reps = values.reps ? Number(values.reps) : scale === 'small' ? 3 : 5;
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a positive integer, got ${values.reps}`);

  const started = new Date();
  console.log(`Sombra benchmark, ${started.toISOString()}, node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, scale ${scale}, ${reps} repetitions`);
  const rows: ResultRow[] = [];
  for (const suite of suites) {
    const mine = new Set(suite.ids.filter((id) => selected.has(id)));
    if (mine.size === 0) continue;
    const dir = makeTempDir();
    try {
      console.log(`\n== ${suite.title} ==`);
      const got = await suite.run({ scale, dir, reps, log: (m) => console.log(`  ${m}`) }, mine);
      rows.push(...got);
      console.log(formatTable(got));
    } finally {
      removeDir(dir);
    }
  }
  console.log(`\n== All results ==\n${formatTable(rows)}`);
  if (values.json) {
    const out = {
      date: started.toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      scale,
      reps,
      rows: rows.map((r) => ({ ...r, ratio: ratio(r) })),
    };
    fs.writeFileSync(values.json, JSON.stringify(out, null, 2));
    console.log(`wrote ${values.json}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
