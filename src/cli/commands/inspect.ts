/**
 * `sombra inspect <db> header | page N | wal | tree NAME`: the decoded
 * on-disk structures (inspect-format.ts). `header` and `page` read the newest
 * image of the page (from the log when it is there), `wal` the log file as
 * it is on disk, `tree` walks a tree named in the root table (`graph.nodes`,
 * or just `nodes`). JSON with --json.
 */
import type { Command } from 'commander';
import { InvalidArgError } from '../../base/errors.js';
import type { CommandHost } from '../command-host.js';
import { decodeFileHeader, decodePage, decodeTree, decodeWalFile } from '../inspect-format.js';
import { openExisting } from '../open-database.js';
import { EXIT_OK, type CommandContext } from '../output.js';
import { PageFile } from '../page-scan.js';
import { toJsonText } from '../value-format.js';

function print(ctx: CommandContext, value: unknown, indent = ''): void {
  if (ctx.json && indent === '') {
    ctx.out(toJsonText(value, 2));
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === 'object') {
        ctx.out(`${indent}-`);
        print(ctx, item, `${indent}  `);
      } else ctx.out(`${indent}- ${String(item)}`);
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (v !== null && typeof v === 'object' && !(Array.isArray(v) && v.every((x) => typeof x !== 'object'))) {
        ctx.out(`${indent}${k}:`);
        print(ctx, v, `${indent}  `);
      } else ctx.out(`${indent}${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
    }
    return;
  }
  ctx.out(`${indent}${String(value)}`);
}

export function addInspectCommand(program: Command, host: CommandHost): void {
  program
    .command('inspect')
    .description('decode on-disk structures: header | page N | wal | tree NAME')
    .argument('<db>', 'database file')
    .argument('<what>', 'header, page, wal or tree')
    .argument('[arg]', 'the page number (page) or the tree name (tree)')
    .addHelpText('after', '\nExamples:\n  sombra inspect g.sombra header\n  sombra inspect g.sombra page 3\n  sombra inspect g.sombra wal\n  sombra inspect g.sombra tree graph.nodes')
    .action(
      host.action(async (ctx, _opts: object, path: string, what: string, arg: string | undefined) => {
        if (what === 'wal') {
          print(ctx, decodeWalFile(`${path}-wal`));
          return EXIT_OK;
        }
        if (!['header', 'page', 'tree'].includes(what)) throw new InvalidArgError(`inspect ${what}: expected header, page N, wal or tree NAME`);
        let db;
        try {
          db = await openExisting(path, { readOnly: true });
        } catch (err) {
          if (what === 'tree') throw err;
          // A file that does not open (damaged header, locked): read the bytes on disk.
          const file = PageFile.open(path);
          try {
            const pageNo = what === 'header' ? 0 : Number(arg);
            if (!Number.isInteger(pageNo) || pageNo < 0 || pageNo >= file.pageCountInFile) throw new InvalidArgError(`page ${arg} is not in the file (0..${file.pageCountInFile - 1})`);
            ctx.err(`(the database did not open: ${err instanceof Error ? err.message : String(err)}; showing the bytes in the file)`);
            print(ctx, what === 'header' ? decodeFileHeader(file.read(0)) : decodePage(file.read(pageNo), pageNo));
            return EXIT_OK;
          } finally {
            file.close();
          }
        }
        try {
          const snapshot = db.pager.beginRead();
          try {
            const count = snapshot.pageCount();
            if (what === 'header') {
              print(ctx, decodeFileHeader(snapshot.getPage(0)));
            } else if (what === 'page') {
              const pageNo = Number(arg);
              if (arg === undefined || !Number.isInteger(pageNo) || pageNo < 0 || pageNo >= count) throw new InvalidArgError(`inspect page needs a page number in 0..${count - 1}, got ${arg ?? 'nothing'}`);
              print(ctx, decodePage(snapshot.getPage(pageNo), pageNo));
            } else {
              const roots = snapshot.listRoots();
              if (arg === undefined) throw new InvalidArgError(`inspect tree needs a tree name: ${roots.map(([n]) => n).join(', ')}`);
              const found = roots.find(([n]) => n === arg || n === `graph.${arg}`);
              if (found === undefined) throw new InvalidArgError(`no tree ${JSON.stringify(arg)}; the root table has ${roots.map(([n]) => n).join(', ')}`);
              print(ctx, decodeTree((p) => snapshot.getPage(p), found[0], found[1]));
            }
          } finally {
            snapshot.release();
          }
        } finally {
          await db.close();
        }
        return EXIT_OK;
      }),
    );
}
