/**
 * Writes a database as JSON Lines: one object per node
 * (`{"type":"node","id":1,"labels":["User"],"properties":{...}}`), then one
 * per relationship (`{"type":"relationship","id":1,"start":1,"end":2,
 * "label":"KNOWS","properties":{...}}`), in id order. Values as value-format.ts
 * writes JSON: bigints as exact numbers, dates as ISO strings, bytes as base64.
 */
import type { ReadView } from '../db/read-view.js';
import type { ExportCounts } from './export-csv.js';
import { FileSink } from './file-sink.js';
import { toJsonText } from './value-format.js';

export function exportJsonl(view: ReadView, file: string, onRow: (rows: number) => void): ExportCounts {
  const sink = new FileSink(file);
  let nodes = 0;
  let relationships = 0;
  try {
    for (const n of view.nodes()) {
      sink.write(`${toJsonText({ type: 'node', id: n.id, labels: n.labels, properties: n.props })}\n`);
      if ((++nodes & 4095) === 0) onRow(nodes);
    }
    for (const e of view.edges()) {
      sink.write(`${toJsonText({ type: 'relationship', id: e.id, start: e.src, end: e.dst, label: e.type, properties: e.props })}\n`);
      if ((++relationships & 4095) === 0) onRow(nodes + relationships);
    }
  } finally {
    sink.close();
  }
  onRow(nodes + relationships);
  return { nodes, relationships, bytes: sink.bytesWritten };
}
