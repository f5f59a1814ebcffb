/**
 * `sombra query <db> "<cypher>" | --spec FILE [--param k=v]... [--format table|json|csv|ndjson]`:
 * runs one query (Cypher text, or a builder spec in JSON) and prints its
 * result. NDJSON streams rows as they come (`db.cypherStream`).
 */
import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { InvalidArgError } from '../../base/errors.js';
import type { QueryParam } from '../../query/builder/query-builder.js';
import type { CommandHost } from '../command-host.js';
import { openExisting } from '../open-database.js';
import { EXIT_OK } from '../output.js';
import { parseParams } from '../query-params.js';
import { resultLines, summaryLine, type ResultFormat } from '../result-format.js';
import { toJsonText } from '../value-format.js';

interface QueryFlags {
  spec?: string;
  param: string[];
  format?: ResultFormat;
  readOnly?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function addQueryCommand(program: Command, host: CommandHost): void {
  program
    .command('query')
    .description('run one Cypher query (or a builder spec) and print the result')
    .argument('<db>', 'database file')
    .argument('[cypher]', 'the query text (EXPLAIN / PROFILE prefixes show the plan)')
    .option('--spec <file>', 'run a query builder spec (JSON, docs/query.md) instead of Cypher text')
    .option('--param <name=value>', 'a query parameter; the value is read as JSON when it parses, else as a string (repeatable)', collect, [])
    .addOption(new Option('--format <format>', 'output format (default: table, json with --json)').choices(['table', 'json', 'csv', 'ndjson']))
    .option('--read-only', 'open the database read-only (a write query then fails with READ_ONLY)')
    .addHelpText('after', `\nExamples:\n  sombra query g.sombra "MATCH (u:User) WHERE u.age > $min RETURN u.name AS name" --param min=30\n  sombra query g.sombra "MATCH (u:User) RETURN u" --format ndjson\n  sombra query g.sombra --spec top-users.json --format csv`)
    .action(
      host.action(async (ctx, opts: QueryFlags, path: string, text: string | undefined) => {
        if ((text === undefined) === (opts.spec === undefined)) throw new InvalidArgError('give the query text or --spec FILE (one of them)');
        const format: ResultFormat = opts.format ?? (ctx.json ? 'json' : 'table');
        const params = parseParams(opts.param);
        const db = await openExisting(path, { readOnly: opts.readOnly === true });
        const startMs = performance.now();
        try {
          if (opts.spec !== undefined) {
            let spec: unknown;
            try {
              spec = JSON.parse(fs.readFileSync(opts.spec, 'utf8'));
            } catch (err) {
              throw new InvalidArgError(`--spec ${opts.spec}: ${err instanceof Error ? err.message : String(err)}`);
            }
            const rows = await db.query(spec).execute({ params: params as Record<string, QueryParam> }); // the builder checks each value
            const columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
            const result = { columns, rows, stats: { nodesCreated: 0, nodesDeleted: 0, relationshipsCreated: 0, relationshipsDeleted: 0, labelsAdded: 0, labelsRemoved: 0, propertiesSet: 0, propertiesRemoved: 0 } };
            for (const line of resultLines(result, format, ctx.columns)) ctx.out(line);
            if (format === 'table' && !ctx.quiet) ctx.err(summaryLine(result, performance.now() - startMs));
          } else if (format === 'ndjson' && !/^\s*(EXPLAIN|PROFILE)\b/i.test(text!)) {
            for await (const row of db.cypherStream(text!, params)) ctx.out(toJsonText(row));
          } else {
            const result = await db.cypher(text!, params);
            for (const line of resultLines(result, format, ctx.columns)) ctx.out(line);
            if (format === 'table' && !ctx.quiet) ctx.err(summaryLine(result, performance.now() - startMs));
          }
        } finally {
          await db.close();
        }
        return EXIT_OK;
      }),
    );
}
