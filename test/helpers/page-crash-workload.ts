/**
 * A seeded page-level workload for crash simulation, and the checker that
 * decides whether what survived a power cut is acceptable.
 *
 * Several async clients run write transactions that allocate, rewrite and
 * free pages (so the freelist is exercised) while checkpoints run. Every
 * transaction's effect is recorded in a model, indexed by commit order. After
 * the cut the database must equal the model after some commit j with
 * lastAcknowledged <= j <= lastSubmitted (full: nothing acknowledged is
 * lost; no partial transaction is ever visible), every page must verify, and
 * every page must be exactly one of: page 0, a live page of the model, or on
 * the freelist.
 */
import { Prng } from '../../src/base/prng.js';
import { collectFreePages } from '../../src/pager/freelist.js';
import type { Pager } from '../../src/pager/pager.js';
import type { PagerOptions } from '../../src/pager/options.js';
import type { PageReader } from '../../src/pager/page-store.js';
import { FaultVfs, type FaultVfsOptions } from '../../src/vfs/fault-vfs.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { abandon, openPager, readPattern, writePattern } from './storage.js';

/** tag -> (pageNo, version) of every live page after a commit. */
export type PageModel = Map<number, { pageNo: number; version: number }>;

export interface WorkloadResult {
  /** models[j] = state after commit j (models[0] = the empty database, models[1] = after setup). */
  models: PageModel[];
  lastAcknowledged: number;
  lastSubmitted: number;
  crashed: boolean;
}

export interface WorkloadConfig {
  seed: number;
  clients: number;
  txPerClient: number;
  /** Every this many commits a client also runs a checkpoint. */
  checkpointEvery: number;
  pagerOptions: PagerOptions;
}

export async function runPageWorkload(pager: Pager, vfs: FaultVfs | null, cfg: WorkloadConfig, setupModel: PageModel): Promise<WorkloadResult> {
  const prng = new Prng(cfg.seed);
  const models: PageModel[] = [new Map(), setupModel];
  let current = new Map(setupModel);
  let nextTag = Math.max(0, ...setupModel.keys()) + 1;
  let lastAcknowledged = 1;
  let lastSubmitted = 1;
  let stop = false;

  const client = async (): Promise<void> => {
    for (let i = 0; i < cfg.txPerClient && !stop; i++) {
      try {
        const txn = await pager.beginWrite();
        const next: PageModel = new Map(current);
        const opCount = 1 + prng.int(4);
        for (let k = 0; k < opCount; k++) {
          const tags = [...next.keys()];
          const r = prng.next();
          if (tags.length === 0 || r < 0.35) {
            const tag = nextTag++;
            const { pageNo } = txn.allocatePage();
            writePattern(txn, pageNo, tag, 1);
            next.set(tag, { pageNo, version: 1 });
          } else if (r < 0.8) {
            const tag = prng.pick(tags);
            const e = next.get(tag)!;
            writePattern(txn, e.pageNo, tag, e.version + 1);
            next.set(tag, { pageNo: e.pageNo, version: e.version + 1 });
          } else {
            const tag = prng.pick(tags);
            txn.freePage(next.get(tag)!.pageNo);
            next.delete(tag);
          }
        }
        if (prng.bool(0.1)) {
          txn.rollback();
          continue;
        }
        current = next;
        models.push(next);
        const j = models.length - 1;
        lastSubmitted = j;
        await txn.commit();
        if (j > lastAcknowledged) lastAcknowledged = j;
        if (j % cfg.checkpointEvery === 0) await pager.checkpoint();
      } catch (err) {
        if (vfs?.crashed) {
          stop = true;
          return;
        }
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: cfg.clients }, () => client()));
  return { models, lastAcknowledged, lastSubmitted, crashed: vfs?.crashed ?? false };
}

/** Why `view` is not the state `model`, or null when it is. */
export function mismatch(view: PageReader, model: PageModel): string | null {
  const pageCount = view.pageCount();
  const free = collectFreePages(view);
  const live = new Set<number>();
  for (const [tag, { pageNo, version }] of model) {
    if (pageNo >= pageCount) return `page ${pageNo} (tag ${tag}) is past the page count ${pageCount}`;
    const got = readPattern(view.getPage(pageNo));
    if (got === null || got.tag !== tag || got.version !== version) {
      return `page ${pageNo}: expected tag ${tag} v${version}, found ${got ? `tag ${got.tag} v${got.version}` : 'other bytes'}`;
    }
    if (free.has(pageNo)) return `page ${pageNo} (tag ${tag}) is both live and free`;
    live.add(pageNo);
  }
  for (let p = 1; p < pageCount; p++) {
    if (!live.has(p) && !free.has(p)) return `page ${p} is neither live nor free (leaked)`;
  }
  return null;
}

export interface CrashRunOutcome {
  ok: boolean;
  detail: string;
  matchedCommit: number;
  lastAcknowledged: number;
  lastSubmitted: number;
}

/** The setup every run starts from: a few pages, committed and acknowledged before the cut is armed. */
async function setup(pager: Pager): Promise<PageModel> {
  const txn = await pager.beginWrite();
  const model: PageModel = new Map();
  for (let tag = 1; tag <= 4; tag++) {
    const { pageNo } = txn.allocatePage();
    writePattern(txn, pageNo, tag, 1);
    model.set(tag, { pageNo, version: 1 });
  }
  await txn.commit();
  return model;
}

/** Mutating operations of the workload after setup, measured on a run without a cut. */
export async function countWorkloadOps(cfg: WorkloadConfig): Promise<number> {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const pager = await openPager(vfs, cfg.pagerOptions);
  const model = await setup(pager);
  const base = vfs.stats.mutatingOps;
  await runPageWorkload(pager, vfs, cfg, model);
  const ops = vfs.stats.mutatingOps - base;
  await pager.close();
  return ops;
}

/**
 * One crash run: set up, arm the cut `cutAfterOps` operations later, run the
 * workload until the power goes, reopen on what survived and check it.
 * `requireDurable` (full mode) demands every acknowledged commit.
 */
export async function crashRun(cfg: WorkloadConfig, cutAfterOps: number, fault: FaultVfsOptions, requireDurable: boolean): Promise<CrashRunOutcome> {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem, fault);
  const pager = await openPager(vfs, cfg.pagerOptions);
  const model = await setup(pager);
  vfs.armPowerCut(vfs.stats.mutatingOps + cutAfterOps);
  const result = await runPageWorkload(pager, vfs, cfg, model);
  if (!vfs.crashed) vfs.powerCut();
  await abandon(pager);

  const reopened = await openPager(mem, cfg.pagerOptions);
  try {
    const lo = requireDurable ? result.lastAcknowledged : 0;
    const reasons: string[] = [];
    const view = reopened.latest();
    for (let j = result.lastSubmitted; j >= lo; j--) {
      const why = mismatch(view, result.models[j]!);
      if (why === null) {
        // The recovered state must also survive its own checkpoint and reopen.
        await reopened.checkpoint();
        const again = mismatch(reopened.latest(), result.models[j]!);
        if (again !== null) return { ok: false, detail: `after checkpoint: ${again}`, matchedCommit: j, ...counts(result) };
        return { ok: true, detail: '', matchedCommit: j, ...counts(result) };
      }
      reasons.push(`commit ${j}: ${why}`);
    }
    return { ok: false, detail: `matches no commit in [${lo}, ${result.lastSubmitted}]: ${reasons.slice(0, 3).join('; ')}`, matchedCommit: -1, ...counts(result) };
  } finally {
    await reopened.close();
  }
}

function counts(r: WorkloadResult): { lastAcknowledged: number; lastSubmitted: number } {
  return { lastAcknowledged: r.lastAcknowledged, lastSubmitted: r.lastSubmitted };
}
