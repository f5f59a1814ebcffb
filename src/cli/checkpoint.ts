/** `sombra checkpoint <db>`: folds the log into the database file. */
import { Database } from '../db/database.js';
import { EXIT_OK, printRecord, type CommandContext } from './output.js';

export async function checkpointCommand(ctx: CommandContext, path: string): Promise<number> {
  const db = await Database.open(path, { createIfMissing: false });
  try {
    const framesBefore = db.pragma('wal_frames');
    const r = await db.checkpoint();
    printRecord(ctx, `${path}: checkpointed`, { framesBefore, pagesCopied: r.pagesCopied, restarted: r.restarted, framesRemaining: r.framesRemaining });
  } finally {
    await db.close();
  }
  return EXIT_OK;
}
