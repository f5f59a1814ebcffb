/**
 * Whole-tree verification: every rule of node-format.ts (N1-N6, T1-T6) and
 * overflow.ts (O1-O3), reported with the page and offset of each problem.
 *
 * The walk is iterative (an explicit stack), visits each page at most once
 * (a page reached twice is reported, not walked again, so a cycle cannot
 * loop), and keeps going after a problem to report as many as it can, up to
 * `maxProblems`. It reads through any view: a snapshot, `pager.latest()`, or
 * a write transaction (to check its uncommitted state).
 *
 *     const report = verifyTrees(snapshot, [root1, root2], { checkLeaks: true });
 *     if (!report.ok) console.log(formatProblems(report.problems));
 *     assertVerified(report); // or throw a CorruptionError listing them
 */
import { CorruptionError } from '../base/errors.js';
import { collectFreePages } from '../pager/freelist.js';
import type { PageReader } from '../pager/page-store.js';
import { readU32 } from '../base/bytes.js';
import {
  cellKeyLength,
  cellKeyStart,
  cellSize,
  checkNode,
  compareKeyAt,
  interiorCellChecked,
  interiorChild,
  LEAF,
  leafCellChecked,
  leafIsOverflow,
  leafOverflowPage,
  leafValueLength,
  nodeContentStart,
  nodeFragmented,
  nodeGeometry,
  nodeRightChild,
  type NodeGeometry,
} from './node-format.js';
import { walkOverflowChain } from './overflow.js';

export interface VerifyProblem {
  /** Page the problem is on (0 when it concerns no single page). */
  pageNo: number;
  /** Offset inside the page, when known. */
  offsetBytes: number | null;
  /** The rule broken, e.g. "N5" or "T1". */
  rule: string;
  message: string;
}

export interface TreeVerifyReport {
  rootPageNo: number;
  ok: boolean;
  problems: VerifyProblem[];
  /** Levels from the root to the leaves (0 when the root is unreadable). */
  depth: number;
  entryCount: number;
  leafPageCount: number;
  interiorPageCount: number;
  overflowPageCount: number;
  /** Every page of the tree: nodes and overflow pages. */
  pages: Set<number>;
}

export interface FileVerifyReport {
  ok: boolean;
  problems: VerifyProblem[];
  trees: TreeVerifyReport[];
  freePageCount: number;
  pageCount: number;
}

export interface VerifyOptions {
  /** Stop recording after this many problems. Default 100. */
  maxProblems?: number;
  /**
   * The free pages (rule T6). Default: read from the freelist of the view
   * (pager/freelist.ts). Pass null to skip the check.
   */
  freePages?: Set<number> | null;
}

interface Shared {
  view: PageReader;
  g: NodeGeometry;
  pageCount: number;
  free: Set<number> | null;
  /** Page -> root of the tree that uses it. */
  owner: Map<number, number>;
  problems: VerifyProblem[];
  maxProblems: number;
}

interface Frame {
  pageNo: number;
  expectLevel: number;
  lo: Uint8Array | null;
  hi: Uint8Array | null;
  depth: number;
  parentNo: number;
}

function ruleOf(message: string): string {
  const m = /\b([NTO][1-9])\b/.exec(message);
  return m ? m[1]! : 'P3';
}

function report(s: Shared, pageNo: number, offsetBytes: number | null, rule: string, message: string): void {
  if (s.problems.length < s.maxProblems) s.problems.push({ pageNo, offsetBytes, rule, message });
}

function reportError(s: Shared, pageNo: number, err: unknown): void {
  if (err instanceof CorruptionError) report(s, err.pageNo ?? pageNo, err.offsetBytes, ruleOf(err.message), err.message);
  else throw err;
}

/** Claims a page for a tree (T4, T6); false when it must not be walked. */
function claim(s: Shared, root: number, pageNo: number, from: number, what: string): boolean {
  if (!Number.isInteger(pageNo) || pageNo < 1 || pageNo >= s.pageCount) {
    report(s, from, null, 'N4', `${what} ${pageNo} (from page ${from}) is not in [1, ${s.pageCount})`);
    return false;
  }
  const prev = s.owner.get(pageNo);
  if (prev !== undefined) {
    report(s, pageNo, null, 'T4', prev === root
      ? `${what} ${pageNo} (from page ${from}) is reached twice in the tree rooted at page ${root}`
      : `${what} ${pageNo} (from page ${from}) of the tree rooted at page ${root} also belongs to the tree rooted at page ${prev}`);
    return false;
  }
  s.owner.set(pageNo, root);
  if (s.free?.has(pageNo)) report(s, pageNo, null, 'T6', `${what} ${pageNo} of the tree rooted at page ${root} is on the freelist`);
  return true;
}

function walkTree(s: Shared, root: number): TreeVerifyReport {
  const { view, g } = s;
  const usable = g.usableSizeBytes;
  const problemsBefore = s.problems.length;
  const pages = new Set<number>();
  const out: TreeVerifyReport = { rootPageNo: root, ok: true, problems: [], depth: 0, entryCount: 0, leafPageCount: 0, interiorPageCount: 0, overflowPageCount: 0, pages };
  let leafDepth = -1;
  const stack: Frame[] = [{ pageNo: root, expectLevel: -1, lo: null, hi: null, depth: 1, parentNo: 0 }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (!claim(s, root, f.pageNo, f.parentNo, f.parentNo === 0 ? 'root page' : 'child page')) continue;
    pages.add(f.pageNo);
    let page: Uint8Array;
    let n: number;
    try {
      page = view.getPage(f.pageNo);
      n = checkNode(view, page, f.pageNo, usable, f.expectLevel, s.pageCount);
    } catch (err) {
      reportError(s, f.pageNo, err);
      continue;
    }
    const type = page[0]!;
    const isRoot = f.parentNo === 0;
    if (type === LEAF) out.leafPageCount++;
    else out.interiorPageCount++;
    if (isRoot) out.depth = page[1]! + 1;
    if (!isRoot && n === 0) report(s, f.pageNo, 2, 'T3', `a non-root ${type === LEAF ? 'leaf' : 'interior node'} without cells`);
    if (type === LEAF) {
      if (leafDepth < 0) leafDepth = f.depth;
      else if (f.depth !== leafDepth) report(s, f.pageNo, null, 'T2', `leaf at depth ${f.depth}, other leaves at depth ${leafDepth}`);
      if (readU32(page, 8) !== 0) report(s, f.pageNo, 8, 'N4', `a leaf with a non-zero child field ${readU32(page, 8)}`);
    }

    // Cells: N3, N4, then N6 over their extents.
    const offs: number[] = [];
    let cellsOk = true;
    for (let i = 0; i < n; i++) {
      try {
        offs.push(type === LEAF ? leafCellChecked(view, page, f.pageNo, i, g, s.pageCount) : interiorCellChecked(view, page, f.pageNo, i, g, s.pageCount));
      } catch (err) {
        reportError(s, f.pageNo, err);
        cellsOk = false;
      }
    }
    if (!cellsOk) continue;
    const extents = offs.map((o) => [o, o + cellSize(page, o, type)] as const).sort((a, b) => a[0] - b[0]);
    let bytes = 0;
    for (let i = 0; i < extents.length; i++) {
      const [a, b] = extents[i]!;
      bytes += b - a;
      if (i > 0 && a < extents[i - 1]![1]) report(s, f.pageNo, a, 'N6', `the cell at offset ${a} overlaps the cell at offset ${extents[i - 1]![0]}`);
    }
    const area = usable - nodeContentStart(page);
    if (bytes + nodeFragmented(page) !== area) {
      report(s, f.pageNo, 6, 'N6', `cells (${bytes} bytes) plus fragmented bytes (${nodeFragmented(page)}) do not fill the ${area}-byte cell area`);
    }

    // Order (N5) and fences (T1).
    const keyAt = (i: number): Uint8Array => {
      const o = offs[i]!;
      const ks = cellKeyStart(o, type);
      return page.subarray(ks, ks + cellKeyLength(page, o, type));
    };
    for (let i = 0; i < n; i++) {
      const k = keyAt(i);
      if (i > 0) {
        const prev = keyAt(i - 1);
        if (compareKeyAt(prev, k, 0, k.length) >= 0) report(s, f.pageNo, offs[i]!, 'N5', `key ${i} is not above key ${i - 1}`);
      }
      if (type === LEAF) {
        if (f.lo !== null && compareKeyAt(k, f.lo, 0, f.lo.length) < 0) report(s, f.pageNo, offs[i]!, 'T1', `key ${i} is below the lower bound from parent page ${f.parentNo}`);
        if (f.hi !== null && compareKeyAt(k, f.hi, 0, f.hi.length) >= 0) report(s, f.pageNo, offs[i]!, 'T1', `key ${i} is not below the upper bound from parent page ${f.parentNo}`);
      } else {
        if (f.lo !== null && compareKeyAt(k, f.lo, 0, f.lo.length) <= 0) report(s, f.pageNo, offs[i]!, 'T1', `separator ${i} is not above the lower bound from parent page ${f.parentNo}`);
        if (f.hi !== null && compareKeyAt(k, f.hi, 0, f.hi.length) >= 0) report(s, f.pageNo, offs[i]!, 'T1', `separator ${i} is not below the upper bound from parent page ${f.parentNo}`);
      }
    }

    if (type === LEAF) {
      out.entryCount += n;
      for (let i = 0; i < n; i++) {
        const o = offs[i]!;
        if (!leafIsOverflow(page, o)) continue;
        const length = leafValueLength(page, o);
        const first = leafOverflowPage(page, o);
        let from = f.pageNo;
        try {
          walkOverflowChain(view, first, length, f.pageNo, (p) => {
            if (!claim(s, root, p, from, 'overflow page')) {
              throw new CorruptionError(`overflow chain of leaf page ${f.pageNo} cell ${i} stops at a shared page`, { file: view.fileName, pageNo: p });
            }
            pages.add(p);
            out.overflowPageCount++;
            from = p;
          });
        } catch (err) {
          if (!(err instanceof CorruptionError && err.message.startsWith('overflow chain of leaf'))) reportError(s, f.pageNo, err);
        }
      }
      continue;
    }
    // Children, pushed right to left so the walk goes left to right.
    const level = page[1]!;
    for (let i = n; i >= 0; i--) {
      const child = i === n ? nodeRightChild(page) : interiorChild(page, offs[i]!);
      stack.push({
        pageNo: child,
        expectLevel: level - 1,
        lo: i === 0 ? f.lo : keyAt(i - 1).slice(),
        hi: i === n ? f.hi : keyAt(i).slice(),
        depth: f.depth + 1,
        parentNo: f.pageNo,
      });
    }
  }
  out.problems = s.problems.slice(problemsBefore);
  out.ok = out.problems.length === 0;
  return out;
}

function sharedFor(view: PageReader, options: VerifyOptions, problems: VerifyProblem[]): Shared {
  const maxProblems = options.maxProblems ?? 100;
  let free: Set<number> | null = null;
  if (options.freePages !== undefined) {
    free = options.freePages;
  } else {
    try {
      free = collectFreePages(view);
    } catch (err) {
      if (!(err instanceof CorruptionError)) throw err;
      problems.push({ pageNo: err.pageNo ?? 0, offsetBytes: err.offsetBytes, rule: 'T6', message: `the freelist cannot be read: ${err.message}` });
    }
  }
  return { view, g: nodeGeometry(view.usableSizeBytes), pageCount: view.pageCount(), free, owner: new Map(), problems, maxProblems };
}

/** Verifies one tree. */
export function verifyTree(view: PageReader, rootPageNo: number, options: VerifyOptions = {}): TreeVerifyReport {
  const problems: VerifyProblem[] = [];
  const s = sharedFor(view, options, problems);
  const r = walkTree(s, rootPageNo);
  r.problems = problems;
  r.ok = problems.length === 0;
  return r;
}

/**
 * Verifies several trees of one file together: each tree's rules, no page in
 * two trees (T4), none on the freelist (T6); with `checkLeaks`, also that
 * every page other than page 0 is either free or in one of `roots` (pass
 * every tree of the file).
 */
export function verifyTrees(view: PageReader, roots: readonly number[], options: VerifyOptions & { checkLeaks?: boolean } = {}): FileVerifyReport {
  const problems: VerifyProblem[] = [];
  const s = sharedFor(view, options, problems);
  const trees = roots.map((root) => walkTree(s, root));
  if (options.checkLeaks === true && s.free !== null) {
    for (let p = 1; p < s.pageCount; p++) {
      if (!s.owner.has(p) && !s.free.has(p)) report(s, p, null, 'T4', `page ${p} is neither free nor part of any verified tree (a leaked page)`);
    }
  }
  return { ok: problems.length === 0, problems, trees, freePageCount: s.free?.size ?? 0, pageCount: s.pageCount };
}

/** One line per problem. */
export function formatProblems(problems: readonly VerifyProblem[]): string {
  return problems.map((p) => `page ${p.pageNo}${p.offsetBytes === null ? '' : ` offset ${p.offsetBytes}`}: [${p.rule}] ${p.message}`).join('\n');
}

/** Throws a CorruptionError listing the problems of a report (naming the first page and offset). */
export function assertVerified(r: { ok: boolean; problems: VerifyProblem[] }, fileName = ''): void {
  if (r.ok) return;
  const first = r.problems[0]!;
  throw new CorruptionError(`${fileName ? `${fileName}: ` : ''}B+-tree verification found ${r.problems.length} problem(s):\n${formatProblems(r.problems)}`, {
    file: fileName,
    pageNo: first.pageNo,
    offsetBytes: first.offsetBytes,
  });
}
