/**
 * `sombra init <db> [--demo]`: creates a new database (refusing an existing
 * file), optionally with the demo graph; `sombra seed-demo <db>` adds the
 * demo graph to a database (created when missing).
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgError } from '../../base/errors.js';
import { Database } from '../../db/database.js';
import type { CommandHost } from '../command-host.js';
import { seedDemo } from '../demo-graph.js';
import { EXIT_OK, printRecord, type CommandContext } from '../output.js';

async function createWithDemo(ctx: CommandContext, path: string, demo: boolean, options: { pageSize?: number }): Promise<void> {
  const db = await Database.open(path, options.pageSize === undefined ? {} : { pageSize: options.pageSize });
  try {
    const startMs = Date.now();
    const seeded = demo ? await seedDemo(db) : null;
    printRecord(ctx, seeded ? `${path}: demo graph written in ${((Date.now() - startMs) / 1000).toFixed(1)} s` : `${path}: created`, {
      nodes: db.nodeCount(),
      edges: db.edgeCount(),
      indexes: db.listIndexes().map((i) => `${i.label}.${i.property}`),
      pageSizeBytes: db.pragma('page_size'),
    });
  } finally {
    await db.close();
  }
}

export function addInitCommands(program: Command, host: CommandHost): void {
  program
    .command('init')
    .description('create a new, empty database (--demo: with the demo graph)')
    .argument('<db>', 'database file to create')
    .option('--demo', 'write the demo graph (people, companies, cities, projects, skills)')
    .option('--page-size <bytes>', 'page size of the new file (power of two, 4096..65536)')
    .addHelpText('after', '\nExample:\n  sombra init demo.sombra --demo && sombra shell demo.sombra')
    .action(
      host.action(async (ctx, opts: { demo?: boolean; pageSize?: string }, path: string) => {
        if (fs.existsSync(path)) throw new InvalidArgError(`${path} already exists; init creates a new database (seed-demo adds the demo graph to an existing one)`);
        await createWithDemo(ctx, path, opts.demo === true, opts.pageSize === undefined ? {} : { pageSize: Number(opts.pageSize) });
        return EXIT_OK;
      }),
    );
  program
    .command('seed-demo')
    .description('add the demo graph to a database (created when missing)')
    .argument('<db>', 'database file')
    .action(
      host.action(async (ctx, _opts: object, path: string) => {
        await createWithDemo(ctx, path, true, {});
        return EXIT_OK;
      }),
    );
}
