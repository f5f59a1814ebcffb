/**
 * `sombra vacuum <db> --into PATH | --in-place`: rewrites the live data
 * into a new, compact file (graph-copy.ts): `--into` leaves the original as
 * it is; `--in-place` replaces it atomically (atomic-replace.ts), safe
 * against a crash at any point.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgError } from '../../base/errors.js';
import { Database } from '../../db/database.js';
import { installStaged, removeDatabaseFiles, stagingPathFor } from '../atomic-replace.js';
import type { CommandHost } from '../command-host.js';
import { copyGraph, type CopyCounts } from '../graph-copy.js';
import { openExisting } from '../open-database.js';
import { EXIT_OK, printRecord } from '../output.js';
import { startProgress } from '../progress.js';
import { stagedBuild } from '../staged-build.js';

interface VacuumFlags {
  into?: string;
  inPlace?: boolean;
}

function fileSize(p: string): number {
  return fs.existsSync(p) ? fs.statSync(p).size : 0;
}

export function addVacuumCommand(program: Command, host: CommandHost): void {
  program
    .command('vacuum')
    .description('rewrite the live data into a compact file: a copy (--into) or an atomic replacement (--in-place)')
    .argument('<db>', 'database file')
    .option('--into <path>', 'write the compacted copy to this new file')
    .option('--in-place', 'replace the database with its compacted copy (crash safe)')
    .addHelpText('after', '\nExamples:\n  sombra vacuum g.sombra --into g-compact.sombra\n  sombra vacuum g.sombra --in-place')
    .action(
      host.action(async (ctx, opts: VacuumFlags, path: string) => {
        if ((opts.into === undefined) === (opts.inPlace !== true)) throw new InvalidArgError('give exactly one of --into PATH and --in-place');
        const sizeBefore = fileSize(path);
        const startMs = Date.now();
        let counts: CopyCounts;
        let target: string;
        if (opts.into !== undefined) {
          target = opts.into;
          if (fs.existsSync(target)) throw new InvalidArgError(`${target} already exists; vacuum --into writes a new file`);
          const source = await openExisting(path, { readOnly: true });
          const staging = stagingPathFor(target, 'vacuum');
          try {
            removeDatabaseFiles(staging);
            const progress = startProgress(ctx, 'vacuum', source.nodeCount() + source.edgeCount(), 'rows');
            const db = await Database.open(staging, { synchronous: 'off', walPreallocateBytes: 0, autocheckpointMs: null });
            try {
              counts = await copyGraph(source, db, (rows) => progress.update(rows));
            } finally {
              progress.stop();
              await db.close();
            }
            installStaged(staging, target, null);
          } catch (err) {
            removeDatabaseFiles(staging);
            throw err;
          } finally {
            await source.close();
          }
        } else {
          target = path;
          let progress: ReturnType<typeof startProgress> | null = null;
          counts = await stagedBuild(path, { purpose: 'vacuum', copyTarget: false, createTarget: false }, async (db, source) => {
            progress = startProgress(ctx, 'vacuum', source!.nodeCount() + source!.edgeCount(), 'rows');
            try {
              return await copyGraph(source!, db, (rows) => progress!.update(rows));
            } finally {
              progress.stop();
            }
          });
        }
        const sizeAfter = fileSize(target);
        printRecord(ctx, `${path}: vacuumed into ${target} in ${((Date.now() - startMs) / 1000).toFixed(1)} s`, {
          nodes: counts.nodes,
          edges: counts.edges,
          indexes: counts.indexes,
          sizeBeforeBytes: sizeBefore,
          sizeAfterBytes: sizeAfter,
        });
        return EXIT_OK;
      }),
    );
}
