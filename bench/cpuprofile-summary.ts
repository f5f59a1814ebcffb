/**
 * Summarizes a V8 CPU profile (`.cpuprofile`, from `node --cpu-prof` or the
 * inspector): self time and inclusive time per function, as a share of the
 * sampled time. A function that recurses is counted once per sample in its
 * inclusive time.
 *
 * `node dist/bench/cpuprofile-summary.js FILE.cpuprofile [TOP]`
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of a V8 profile this file reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileLine {
  fn: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  totalMs: number;
  self: ProfileLine[];
  inclusive: ProfileLine[];
}

/** `name file:line`, the file relative to the repository (dist/ paths kept as they are). */
function frameName(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.replace(/^file:\/\//, '').replace(/^.*?\/(dist\/|node_modules\/)/, '$1');
  const fn = frame.functionName || '(anonymous)';
  return file ? `${fn} ${file}:${frame.lineNumber + 1}` : fn;
}

export function summarizeProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const names = new Map(profile.nodes.map((n) => [n.id, frameName(n.callFrame)]));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let totalUs = 0;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i; the sample stands for the interval after it.
    const us = deltas[i + 1] ?? deltas[i] ?? 0;
    totalUs += us;
    let id: number | undefined = samples[i]!;
    const leaf = names.get(id) ?? '?';
    self.set(leaf, (self.get(leaf) ?? 0) + us);
    const seen = new Set<string>();
    while (id !== undefined && byId.has(id)) {
      const name = names.get(id) ?? '?';
      if (!seen.has(name)) {
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + us);
      }
      id = parent.get(id);
    }
  }
  const lines = (m: Map<string, number>): ProfileLine[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: us / 1000, pct: totalUs === 0 ? 0 : (100 * us) / totalUs }));
  return { totalMs: totalUs / 1000, self: lines(self), inclusive: lines(inclusive) };
}

export function formatSummary(s: ProfileSummary): string {
  const row = (l: ProfileLine) => `${l.pct.toFixed(1).padStart(5)}%  ${l.ms.toFixed(0).padStart(7)} ms  ${l.fn}`;
  return [`sampled ${s.totalMs.toFixed(0)} ms`, '-- self time', ...s.self.map(row), '-- inclusive time', ...s.inclusive.map(row)].join('\n');
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (file === undefined) {
    console.error('usage: node dist/bench/cpuprofile-summary.js FILE.cpuprofile [TOP]');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  console.log(formatSummary(summarizeProfile(profile, Number(process.argv[3] ?? 25))));
}
