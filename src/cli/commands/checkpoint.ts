/** `sombra checkpoint <db>`: folds the log into the database file. */
import type { Command } from 'commander';
import type { CommandHost } from '../command-host.js';
import { openExisting } from '../open-database.js';
import { EXIT_OK, printRecord } from '../output.js';

export function addCheckpointCommand(program: Command, host: CommandHost): void {
  program
    .command('checkpoint')
    .description('copy the log into the database file and restart the log')
    .argument('<db>', 'database file')
    .action(
      host.action(async (ctx, _opts: object, path: string) => {
        const db = await openExisting(path);
        try {
          const framesBefore = db.pragma('wal_frames');
          const r = await db.checkpoint();
          printRecord(ctx, `${path}: checkpointed`, { framesBefore, pagesCopied: r.pagesCopied, restarted: r.restarted, framesRemaining: r.framesRemaining });
        } finally {
          await db.close();
        }
        return EXIT_OK;
      }),
    );
}
