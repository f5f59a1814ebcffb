/** `sombra verify <db>`: checks every structure; exit 2 when a problem is found. */
import { Database } from '../db/database.js';
import { EXIT_OK, EXIT_PROBLEMS, printRecord, type CommandContext } from './output.js';

export async function verifyCommand(ctx: CommandContext, path: string): Promise<number> {
  const db = await Database.open(path, { createIfMissing: false, readOnly: true });
  try {
    const r = db.verify();
    if (ctx.json) {
      ctx.out(JSON.stringify(r, null, 2));
    } else {
      printRecord(ctx, `${path}: ${r.ok ? 'ok' : `${r.problems.length} problem(s)`}`, { nodes: r.nodes, edges: r.edges, pages: r.pages, freePages: r.freePages });
      for (const p of r.problems) ctx.out(`  problem: ${p}`);
    }
    return r.ok ? EXIT_OK : EXIT_PROBLEMS;
  } finally {
    await db.close();
  }
}
