/**
 * `sombra import <db> --nodes [Label[:Label]=]FILE[,FILE...] ... --relationships [TYPE=]FILE[,FILE...] ...`:
 * loads neo4j-admin CSV (csv-import.ts) into a new or existing database. The
 * load runs in a staging copy that replaces the database atomically at the
 * end, so a bad row (by default) or a killed process leaves it as it was.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgError } from '../../base/errors.js';
import type { CommandHost } from '../command-host.js';
import { importCsv, type ImportGroup } from '../csv-import.js';
import { EXIT_OK, printRecord } from '../output.js';
import { startProgress } from '../progress.js';
import { stagedBuild } from '../staged-build.js';

interface ImportFlags {
  nodes: string[];
  relationships: string[];
  delimiter: string;
  arrayDelimiter: string;
  quote: string;
  idType: 'string' | 'integer';
  skipBadRows: boolean;
  reportFile: string;
  batchRows: string;
}

/** `[names=]file,file`: names split on ':' (labels) . */
export function parseGroup(kind: 'nodes' | 'relationships', spec: string): ImportGroup {
  const eq = spec.indexOf('=');
  const names = eq < 0 ? [] : spec.slice(0, eq).split(':').filter((s) => s !== '');
  const files = (eq < 0 ? spec : spec.slice(eq + 1)).split(',').filter((s) => s !== '');
  if (kind === 'relationships' && names.length > 1) throw new InvalidArgError(`--relationships ${spec}: at most one relationship type`);
  if (files.length === 0) throw new InvalidArgError(`--${kind} ${spec}: no file`);
  return { kind, names, files };
}

/** A delimiter flag: one character, or TAB / \t. */
export function parseDelimiter(flag: string, text: string): string {
  if (text === 'TAB' || text === '\\t') return '\t';
  if (text.length !== 1) throw new InvalidArgError(`${flag} must be one character (or TAB), got ${JSON.stringify(text)}`);
  return text;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function addImportCommand(program: Command, host: CommandHost): void {
  program
    .command('import')
    .description('load nodes and relationships from CSV files in the neo4j-admin import format (all or nothing)')
    .argument('<db>', 'database file (created when missing)')
    .option('--nodes <[Label[:Label]=]files>', 'a nodes file group: header first, files comma-separated (repeatable)', collect, [])
    .option('--relationships <[TYPE=]files>', 'a relationships file group (repeatable)', collect, [])
    .option('--delimiter <char>', 'field delimiter (TAB for tabs)', ',')
    .option('--array-delimiter <char>', 'delimiter inside :LABEL and array fields', ';')
    .option('--quote <char>', 'quote character', '"')
    .option('--id-type <type>', 'compare ID values as string or integer', 'string')
    .option('--skip-bad-rows', 'import the good rows; write the rejected ones to the report file', false)
    .option('--report-file <path>', 'where --skip-bad-rows writes rejected rows', 'import.report')
    .option('--batch-rows <n>', 'rows per transaction (memory grows with it; random edges touch most adjacency pages, so fewer, larger transactions write far less)', '2000000')
    .addHelpText('after', '\nExample:\n  sombra import g.sombra --nodes=User users.csv --relationships=KNOWS knows.csv\n  (users.csv header: userId:ID,name,born:date,:LABEL ; knows.csv header: :START_ID,:END_ID,since:int)')
    .action(
      host.action(async (ctx, opts: ImportFlags, path: string) => {
        const groups = [...opts.nodes.map((s) => parseGroup('nodes', s)), ...opts.relationships.map((s) => parseGroup('relationships', s))];
        if (groups.length === 0) throw new InvalidArgError('nothing to import: give --nodes and/or --relationships');
        if (opts.idType !== 'string' && opts.idType !== 'integer') throw new InvalidArgError(`--id-type must be string or integer, got ${JSON.stringify(opts.idType)}`);
        const batchRows = Number(opts.batchRows);
        if (!Number.isInteger(batchRows) || batchRows < 1) throw new InvalidArgError(`--batch-rows must be a positive integer, got ${opts.batchRows}`);
        const totalBytes = groups.flatMap((g) => g.files).reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
        const startMs = Date.now();
        let reportFd: number | null = null;
        const progress = startProgress(ctx, 'import', totalBytes, 'bytes');
        try {
          const summary = await stagedBuild(path, { purpose: 'import', copyTarget: true, createTarget: true }, (db) =>
            importCsv(db, groups, {
              delimiter: parseDelimiter('--delimiter', opts.delimiter),
              arrayDelimiter: parseDelimiter('--array-delimiter', opts.arrayDelimiter),
              quote: opts.quote,
              idType: opts.idType,
              skipBadRows: opts.skipBadRows,
              batchRows,
              onProgress: (bytes, rows) => progress.update(bytes, rows),
              onBadRow: (message, raw) => {
                reportFd ??= fs.openSync(opts.reportFile, 'w');
                fs.writeSync(reportFd, `${message}\n\t${raw.replace(/\n/g, '\n\t')}\n`);
              },
            }),
          );
          progress.stop();
          const seconds = (Date.now() - startMs) / 1000;
          printRecord(ctx, `${path}: imported ${summary.nodes} nodes and ${summary.relationships} relationships in ${seconds.toFixed(1)} s`, {
            nodes: summary.nodes,
            relationships: summary.relationships,
            badRows: summary.badRows,
            ...(summary.badRows > 0 ? { reportFile: opts.reportFile } : {}),
            bytesRead: summary.bytesRead,
            seconds: Number(seconds.toFixed(3)),
          });
        } finally {
          progress.stop();
          if (reportFd !== null) fs.closeSync(reportFd);
        }
        return EXIT_OK;
      }),
    );
}
