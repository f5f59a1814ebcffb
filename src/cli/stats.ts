/** `sombra stats <db>`: counts, sizes and cache figures of a database. */
import { Database } from '../db/database.js';
import { EXIT_OK, printRecord, type CommandContext } from './output.js';

export async function statsCommand(ctx: CommandContext, path: string): Promise<number> {
  const db = await Database.open(path, { createIfMissing: false, readOnly: true });
  try {
    const s = db.stats();
    printRecord(ctx, `${path}`, {
      nodes: s.nodes,
      edges: s.edges,
      names: s.names,
      indexes: db.listIndexes().map((i) => `${i.label}.${i.property}`),
      pageSizeBytes: s.pageSizeBytes,
      pageCount: s.pageCount,
      freelistCount: s.freelistCount,
      dbFileSizeBytes: s.dbFileSizeBytes,
      walFileSizeBytes: s.walFileSizeBytes,
      walFrames: s.walFrames,
      recoveredFrames: db.pager.openInfo.recovered.frameCount,
      ignoredTailFrames: db.pager.openInfo.recovered.ignoredTailFrames,
    });
  } finally {
    await db.close();
  }
  return EXIT_OK;
}
