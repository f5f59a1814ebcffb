/**
 * Writes a database as GraphML (a directed graph), the form networkx's
 * `read_graphml` and Gephi read: node ids `n<id>`, edge ids `e<id>`, the
 * labels as the node attribute `labels` (`:User:Admin`, as Neo4j's GraphML
 * export writes them), the relationship type as the edge attribute `label`.
 * Each (property key, value type) pair is one `<key>`: integers `long`,
 * other numbers `double`, booleans `boolean`, strings, dates (ISO-8601) and
 * bytes (base64) `string`; lists as their JSON text, `string` (GraphML has no lists).
 */
import type { ReadView } from '../db/read-view.js';
import { BoxedFloat } from '../graph/boxed-float.js';
import type { PropValue } from '../graph/value-codec.js';
import { toJsonText } from './value-format.js';
import type { ExportCounts } from './export-csv.js';
import { FileSink } from './file-sink.js';

function xmlEscape(s: string): string {
  // XML 1.0 cannot hold most control characters even escaped: they are written as U+FFFD.
  return s
    .replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}

function graphmlType(v: PropValue): string | null {
  if (v === null) return null;
  if (Array.isArray(v)) return 'string';
  if (v instanceof BoxedFloat) return 'double';
  if (typeof v === 'bigint') return 'long';
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0) ? 'long' : 'double';
  if (typeof v === 'boolean') return 'boolean';
  return 'string';
}

function graphmlText(v: PropValue): string {
  if (Array.isArray(v)) return toJsonText(v);
  if (v instanceof BoxedFloat) return graphmlText(Object.is(v.value, -0) ? -0 : v.value + 0.0);
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0.0' : String(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  return String(v); // strings, booleans, bigints, Cypher temporal values (ISO 8601)
}

class KeyTable {
  readonly #ids = new Map<string, string>();
  readonly decls: string[] = [];
  constructor(readonly domain: 'node' | 'edge') {}
  id(name: string, type: string): string {
    const k = `${name}\u0000${type}`;
    let id = this.#ids.get(k);
    if (id === undefined) {
      id = `${this.domain === 'node' ? 'n' : 'e'}k${this.#ids.size}`;
      this.#ids.set(k, id);
      this.decls.push(`  <key id="${id}" for="${this.domain}" attr.name="${xmlEscape(name)}" attr.type="${type}"/>\n`);
    }
    return id;
  }
}

export function exportGraphml(view: ReadView, file: string, onRow: (rows: number) => void): ExportCounts {
  const nodeKeys = new KeyTable('node');
  const edgeKeys = new KeyTable('edge');
  nodeKeys.id('labels', 'string');
  edgeKeys.id('label', 'string');
  // First pass: the keys (GraphML declares them before the graph).
  for (const n of view.nodes()) for (const [k, v] of Object.entries(n.props)) if (graphmlType(v) !== null) nodeKeys.id(k, graphmlType(v)!);
  for (const e of view.edges()) for (const [k, v] of Object.entries(e.props)) if (graphmlType(v) !== null) edgeKeys.id(k, graphmlType(v)!);
  const sink = new FileSink(file);
  let nodes = 0;
  let relationships = 0;
  try {
    sink.write('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n');
    for (const d of nodeKeys.decls) sink.write(d);
    for (const d of edgeKeys.decls) sink.write(d);
    sink.write('  <graph id="G" edgedefault="directed">\n');
    for (const n of view.nodes()) {
      let s = `    <node id="n${n.id}"><data key="${nodeKeys.id('labels', 'string')}">${xmlEscape(n.labels.map((l) => `:${l}`).join(''))}</data>`;
      for (const [k, v] of Object.entries(n.props)) {
        const t = graphmlType(v);
        if (t !== null) s += `<data key="${nodeKeys.id(k, t)}">${xmlEscape(graphmlText(v))}</data>`;
      }
      sink.write(`${s}</node>\n`);
      if ((++nodes & 4095) === 0) onRow(nodes);
    }
    for (const e of view.edges()) {
      let s = `    <edge id="e${e.id}" source="n${e.src}" target="n${e.dst}"><data key="${edgeKeys.id('label', 'string')}">${xmlEscape(e.type)}</data>`;
      for (const [k, v] of Object.entries(e.props)) {
        const t = graphmlType(v);
        if (t !== null) s += `<data key="${edgeKeys.id(k, t)}">${xmlEscape(graphmlText(v))}</data>`;
      }
      sink.write(`${s}</edge>\n`);
      if ((++relationships & 4095) === 0) onRow(nodes + relationships);
    }
    sink.write('  </graph>\n</graphml>\n');
  } finally {
    sink.close();
  }
  onRow(nodes + relationships);
  return { nodes, relationships, bytes: sink.bytesWritten };
}
