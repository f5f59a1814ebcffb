/**
 * `sombra verify <db> [--level fast|full]`: checks the file; exit 2 when a
 * problem is found, each problem naming where it is. `fast` checks the
 * header, the log and every page checksum in the file; `full` (default) also
 * walks every tree and checks the graph's rules (`db.verify()`).
 */
import { Option, type Command } from 'commander';
import { hex32 } from '../../base/bytes.js';
import { CorruptionError } from '../../base/errors.js';
import type { CommandHost } from '../command-host.js';
import { openExisting } from '../open-database.js';
import { EXIT_OK, EXIT_PROBLEMS, printRecord, type CommandContext } from '../output.js';
import { PageFile } from '../page-scan.js';
import { startProgress } from '../progress.js';
import { toJsonText } from '../value-format.js';

export interface VerifyOutcome {
  ok: boolean;
  level: 'fast' | 'full';
  problems: string[];
  nodes: number;
  edges: number;
  pages: number;
  freePages: number;
}

/** Every page of the file whose checksum does not match, as problem sentences. */
export function checksumProblems(ctx: CommandContext, path: string): { pages: number; problems: string[] } {
  const file = PageFile.open(path);
  const problems: string[] = [];
  const progress = startProgress(ctx, 'verify', file.pageCountInFile, 'pages');
  try {
    const buf = new Uint8Array(file.pageSizeBytes);
    for (let pageNo = 0; pageNo < file.pageCountInFile; pageNo++) {
      const page = file.read(pageNo, buf);
      if (pageNo > 0 && page.every((b) => b === 0)) continue; // never written (preallocated or freed before a checkpoint)
      const c = file.checksum(page, pageNo);
      if (!c.ok) problems.push(`page ${pageNo} of ${path}: checksum mismatch (stored ${hex32(c.stored)}, computed ${hex32(c.computed)})`);
      if ((pageNo & 1023) === 0) progress.update(pageNo);
    }
    return { pages: file.pageCountInFile, problems };
  } finally {
    progress.stop();
    file.close();
  }
}

export async function verifyDatabase(ctx: CommandContext, path: string, level: 'fast' | 'full'): Promise<VerifyOutcome> {
  try {
    const db = await openExisting(path, { readOnly: true });
    try {
      if (level === 'fast') {
        const s = db.stats();
        const scan = checksumProblems(ctx, path);
        return { ok: scan.problems.length === 0, level, problems: scan.problems, nodes: s.nodes, edges: s.edges, pages: scan.pages, freePages: s.freelistCount };
      }
      const r = db.verify();
      return { ok: r.ok, level, problems: r.problems, nodes: r.nodes, edges: r.edges, pages: r.pages, freePages: r.freePages };
    } finally {
      await db.close();
    }
  } catch (err) {
    if (!(err instanceof CorruptionError)) throw err;
    // The file does not open (or a page read failed outside verify): report
    // that, and every page whose checksum fails.
    const scan = checksumProblems(ctx, path);
    const problems = [err.message, ...scan.problems.filter((p) => p !== err.message)];
    return { ok: false, level, problems, nodes: 0, edges: 0, pages: scan.pages, freePages: 0 };
  }
}

export function addVerifyCommand(program: Command, host: CommandHost): void {
  program
    .command('verify')
    .description('check every structure of the file; exit status 2 on problems (read-only)')
    .argument('<db>', 'database file')
    .addOption(new Option('--level <level>', 'fast: header, log and page checksums; full: also every tree and graph rule').choices(['fast', 'full']).default('full'))
    .action(
      host.action(async (ctx, opts: { level: 'fast' | 'full' }, path: string) => {
        const r = await verifyDatabase(ctx, path, opts.level);
        if (ctx.json) {
          ctx.out(toJsonText(r, 2));
        } else {
          printRecord({ ...ctx, quiet: ctx.quiet && r.ok }, `${path}: ${r.ok ? 'ok' : `${r.problems.length} problem(s)`} (${r.level})`, { nodes: r.nodes, edges: r.edges, pages: r.pages, freePages: r.freePages });
          for (const p of r.problems) ctx.out(`  problem: ${p}`);
        }
        return r.ok ? EXIT_OK : EXIT_PROBLEMS;
      }),
    );
}
