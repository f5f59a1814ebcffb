/**
 * Profiles the Sombra side of one graph workload (bench/suites/graph.ts):
 * the same data and API calls, run once, with V8's sampling profiler on
 * around the measured part only (for the read workloads, after the load).
 * Writes the `.cpuprofile` (open it in Chrome DevTools) and prints self and
 * inclusive time per function.
 *
 * `npm run build && node dist/bench/profile-graph.js W5 [--scale small|default|large] [--passes N] [--out FILE]`
 *
 * Workloads: W1, W2, W3a, W3b, W4a, W4b, W4c, W5, W6, W7, W8a, W8b.
 * `--passes` repeats a read workload's query pass (default 5) for more samples.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { Database } from '../src/index.js';
import { formatSummary, summarizeProfile, type CpuProfile } from './cpuprofile-summary.js';
import { makeTempDir, removeDir, type BenchContext, type Scale } from './harness.js';
import { sombraSide as S } from './suites/graph.js';

const WORKLOADS = ['W1', 'W2', 'W3A', 'W3B', 'W4A', 'W4B', 'W4C', 'W5', 'W6', 'W7', 'W8A', 'W8B'] as const;
type Workload = (typeof WORKLOADS)[number];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      scale: { type: 'string', default: 'default' },
      passes: { type: 'string', default: '5' },
      out: { type: 'string' },
      interval: { type: 'string', default: '200' },
    },
  });
  const workload = (positionals[0] ?? '').toUpperCase() as Workload;
  if (!WORKLOADS.includes(workload)) throw new Error(`usage: node dist/bench/profile-graph.js ${WORKLOADS.join('|')} [--scale S] [--passes N] [--out FILE]`);
  const scale = values.scale as Scale;
  if (!['small', 'default', 'large'].includes(scale)) throw new Error(`--scale must be small, default or large, got ${values.scale}`);
  const passes = Number(values.passes);
  const out = values.out ?? `${workload.toLowerCase()}-${scale}.cpuprofile`;
  const dir = makeTempDir('sombra-profile-');
  const ctx: BenchContext = { scale, dir, reps: 1, log: (m) => console.log(m) };
  const s = S.sizes(ctx);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: Number(values.interval) });
  const start = () => session.post('Profiler.start');
  const t0 = performance.now();
  try {
    let result: string;
    if (workload === 'W1' || workload === 'W3A' || workload === 'W2' || workload === 'W3B') {
      const concurrent = workload === 'W2' || workload === 'W3B';
      const data = concurrent ? S.nodeData(S.SEED.concurrentNodes, S.CONCURRENCY * s.perCaller, S.WRITE_NAMES) : S.nodeData(S.SEED.seqNodes, s.seqCommits, S.WRITE_NAMES);
      await start();
      result = `${(await S.tinyCommits(ctx, data, workload === 'W1' || workload === 'W2' ? 'full' : 'normal', concurrent)).toFixed(0)} commits/s`;
    } else if (workload === 'W4A' || workload === 'W4B' || workload === 'W4C') {
      const batch = workload === 'W4A' ? 1 : workload === 'W4B' ? 100 : 10_000;
      const count = batch === 1 ? Math.min(s.w4Nodes, s.w4SingleMax) : s.w4Nodes;
      const data = S.nodeData(S.SEED.batchNodes, count, S.WRITE_NAMES);
      await start();
      result = `${(await S.batches(ctx, data, batch)).toFixed(0)} nodes/s`;
    } else if (workload === 'W5') {
      const g = S.graphData(s);
      await start();
      result = `${(await S.load(S.freshPath(ctx, 'profile-load'), g)).rowsPerSecond.toFixed(0)} rows/s`;
    } else {
      const g = S.graphData(s);
      const file = S.freshPath(ctx, 'profile-read');
      await S.load(file, g);
      const db = await Database.open(file);
      try {
        const [runner, count] =
          workload === 'W6' ? [S.getNodes(db), s.gets] : workload === 'W7' ? [S.findByName(db, g.names), s.lookups] : workload === 'W8A' ? [S.oneHop(db), s.hop1] : [S.twoHop(db), s.hop2];
        runner(S.queryIndexes(1, Math.min(count, 2_000), s.nodes)); // warm-up, as the suite does
        await start();
        let ms = 0;
        for (let p = 0; p < passes; p++) ms += runner(S.queryIndexes(100 + p, count, s.nodes)).ms;
        result = `${((passes * count * 1000) / ms).toFixed(0)} queries/s over ${passes} passes`;
      } finally {
        await db.close();
      }
    }
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(out, JSON.stringify(profile));
    console.log(`${workload} (${scale}): ${result}; ${(performance.now() - t0).toFixed(0)} ms in all; profile written to ${out}\n`);
    console.log(formatSummary(summarizeProfile(profile as CpuProfile, 30)));
  } finally {
    session.disconnect();
    removeDir(dir);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
