/** `sombra stats <db>`: counts, sizes and what recovery found in the log (read-only). */
import type { Command } from 'commander';
import type { CommandHost } from '../command-host.js';
import { openExisting } from '../open-database.js';
import { EXIT_OK, printRecord } from '../output.js';

export function addStatsCommand(program: Command, host: CommandHost): void {
  program
    .command('stats')
    .description('counts, sizes, and what recovery found in the log (read-only)')
    .argument('<db>', 'database file')
    .action(
      host.action(async (ctx, _opts: object, path: string) => {
        const db = await openExisting(path, { readOnly: true });
        try {
          const s = db.stats();
          printRecord(ctx, path, {
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
      }),
    );
}
