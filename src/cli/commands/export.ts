/**
 * `sombra export <db> --format csv|jsonl|graphml --out DIR|FILE`: writes the
 * whole graph from one snapshot. CSV is the neo4j-admin import format
 * (`DIR/nodes.csv`, `DIR/relationships.csv`), so export -> import -> export
 * gives the same bytes; GraphML is what networkx and Gephi read.
 */
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { CommandHost } from '../command-host.js';
import { exportCsv, type ExportCounts } from '../export-csv.js';
import { exportGraphml } from '../export-graphml.js';
import { exportJsonl } from '../export-jsonl.js';
import { openExisting } from '../open-database.js';
import { EXIT_OK, printRecord } from '../output.js';
import { startProgress } from '../progress.js';
import { parseDelimiter } from './import.js';

interface ExportFlags {
  format: 'csv' | 'jsonl' | 'graphml';
  out: string;
  delimiter: string;
  arrayDelimiter: string;
  quote: string;
}

export function addExportCommand(program: Command, host: CommandHost): void {
  program
    .command('export')
    .description('write every node and relationship as neo4j-admin CSV, JSON Lines or GraphML')
    .argument('<db>', 'database file')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl', 'graphml']).default('csv'))
    .requiredOption('--out <path>', 'a directory (csv: nodes.csv and relationships.csv) or a file (jsonl, graphml)')
    .option('--delimiter <char>', 'csv field delimiter (TAB for tabs)', ',')
    .option('--array-delimiter <char>', 'csv delimiter inside :LABEL and byte[] fields', ';')
    .option('--quote <char>', 'csv quote character', '"')
    .addHelpText('after', '\nExample:\n  sombra export g.sombra --format csv --out dump/\n  sombra import copy.sombra --nodes dump/nodes.csv --relationships dump/relationships.csv')
    .action(
      host.action(async (ctx, opts: ExportFlags, path: string) => {
        const db = await openExisting(path, { readOnly: true });
        const startMs = Date.now();
        let counts: ExportCounts;
        try {
          const total = db.nodeCount() + db.edgeCount();
          const progress = startProgress(ctx, 'export', total, 'rows');
          try {
            counts = db.read((view) => {
              const onRow = (rows: number): void => progress.update(rows);
              if (opts.format === 'csv') {
                fs.mkdirSync(opts.out, { recursive: true });
                const dialect = { delimiter: parseDelimiter('--delimiter', opts.delimiter), arrayDelimiter: parseDelimiter('--array-delimiter', opts.arrayDelimiter), quote: opts.quote };
                return exportCsv(view, opts.out, dialect, onRow);
              }
              return opts.format === 'jsonl' ? exportJsonl(view, opts.out, onRow) : exportGraphml(view, opts.out, onRow);
            });
          } finally {
            progress.stop();
          }
        } finally {
          await db.close();
        }
        const seconds = (Date.now() - startMs) / 1000;
        printRecord(ctx, `${path}: exported ${counts.nodes} nodes and ${counts.relationships} relationships to ${opts.out} (${opts.format}) in ${seconds.toFixed(1)} s`, {
          nodes: counts.nodes,
          relationships: counts.relationships,
          bytesWritten: counts.bytes,
          seconds: Number(seconds.toFixed(3)),
        });
        return EXIT_OK;
      }),
    );
}
