/**
 * How `query` and `shell` print a result: an aligned table that fits the
 * terminal (cli-table3; long cells are cut with an ellipsis), JSON, CSV
 * (csv-stringify) or NDJSON; a plan (EXPLAIN / PROFILE) as an indented tree;
 * and the summary line (rows, what a write changed, time).
 */
import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import type { PlanDescription } from '../query/plan/plan-description.js';
import type { QueryResult, QueryRow, QueryStats } from '../query/exec/query-result.js';
import { cellText, csvFieldText, toJsonText } from './value-format.js';

export const RESULT_FORMATS = ['table', 'json', 'csv', 'ndjson'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** Narrowest a column is cut to when the table is too wide. */
const COLUMN_MIN_CHARS = 6;

/** Column widths (content chars) that fit `columns` terminal columns. */
export function fitWidths(natural: readonly number[], terminalColumns: number): number[] {
  const overhead = natural.length * 3 + 1; // "| " ... " |" borders and padding
  const budget = Math.max(terminalColumns - overhead, natural.length * COLUMN_MIN_CHARS);
  const widths = natural.map((w) => Math.max(w, 1));
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > budget) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if (widths[i]! > widths[widest]!) widest = i;
    if (widths[widest]! <= COLUMN_MIN_CHARS) break;
    widths[widest]!--;
    total--;
  }
  return widths;
}

/** An aligned table of `rows` under `columns`, at most `terminalColumns` wide. */
export function tableText(columns: readonly string[], rows: readonly QueryRow[], terminalColumns: number): string {
  if (columns.length === 0) return '';
  const cells = rows.map((r) => columns.map((c) => cellText(r[c]).replace(/\r?\n/g, '\\n')));
  const natural = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const widths = fitWidths(natural, terminalColumns);
  const table = new Table({
    head: [...columns],
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    truncate: '…',
    style: { head: [], border: [], compact: true },
  });
  for (const row of cells) table.push(row);
  return table.toString();
}

/** The changes of a write query in words ("2 nodes created, 1 property set"), or ''. */
export function statsText(stats: QueryStats): string {
  const parts: string[] = [];
  const add = (n: number, one: string, many: string, verb: string): void => {
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many} ${verb}`);
  };
  add(stats.nodesCreated, 'node', 'nodes', 'created');
  add(stats.nodesDeleted, 'node', 'nodes', 'deleted');
  add(stats.relationshipsCreated, 'relationship', 'relationships', 'created');
  add(stats.relationshipsDeleted, 'relationship', 'relationships', 'deleted');
  add(stats.labelsAdded, 'label', 'labels', 'added');
  add(stats.labelsRemoved, 'label', 'labels', 'removed');
  add(stats.propertiesSet, 'property', 'properties', 'set');
  add(stats.propertiesRemoved, 'property', 'properties', 'removed');
  return parts.join(', ');
}

/** A plan as an indented tree, one operator per line. */
export function planText(plan: PlanDescription, indent = ''): string {
  const actual = plan.actualRows === undefined ? '' : `, rows ${plan.actualRows}${plan.timeMs === undefined ? '' : `, ${plan.timeMs.toFixed(3)} ms`}`;
  let s = `${indent}${plan.operator}${plan.details ? ` ${plan.details}` : ''} (estimated rows ${Math.round(plan.estimatedRows)}${actual})`;
  for (const child of plan.children) s += `\n${planText(child, `${indent}  `)}`;
  return s;
}

/** The lines that print `result` in `format`. */
export function resultLines(result: QueryResult, format: ResultFormat, terminalColumns: number): string[] {
  const { columns, rows } = result;
  switch (format) {
    case 'json':
      return [toJsonText({ columns, rows, stats: result.stats, ...(result.plan ? { plan: result.plan } : {}) }, 2)];
    case 'ndjson':
      return rows.map((r) => toJsonText(r));
    case 'csv':
      if (columns.length === 0) return [];
      return [stringify([columns, ...rows.map((r) => columns.map((c) => csvFieldText(r[c])))], { record_delimiter: 'unix' }).replace(/\n$/, '')];
    case 'table': {
      const lines: string[] = [];
      if (result.plan) lines.push(planText(result.plan));
      if (columns.length > 0) lines.push(tableText(columns, rows, terminalColumns));
      return lines;
    }
  }
}

/** The summary printed after a table: "3 rows; 1 node created (12.3 ms)". */
export function summaryLine(result: QueryResult, elapsedMs: number): string {
  if (result.plan !== undefined && result.columns.length === 0) return `plan (${elapsedMs.toFixed(1)} ms)`;
  const changes = statsText(result.stats);
  const rows = result.columns.length > 0 || changes === '' ? `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}` : '';
  return `${[rows, changes].filter((s) => s !== '').join('; ')} (${elapsedMs.toFixed(1)} ms)`;
}
