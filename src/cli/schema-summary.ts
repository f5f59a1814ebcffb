/**
 * What the shell's `:schema` shows: labels and relationship types with their
 * counts (the graph layer's counters), property keys, and indexes with the
 * number of nodes they cover. Names come from the catalog (read through the
 * pager: the public API has no list of names); a name that is neither a
 * label in use nor a type in use is listed as a property key.
 */
import type { Database } from '../db/database.js';
import { Catalog } from '../graph/catalog.js';
import { GraphStore } from '../graph/graph-store.js';

export interface SchemaSummary {
  labels: Array<{ label: string; nodes: number }>;
  relationshipTypes: Array<{ type: string; relationships: number }>;
  propertyKeys: string[];
  indexes: Array<{ label: string; property: string; nodes: number }>;
}

/** Every interned name, in id order. */
export function catalogNames(db: Database): string[] {
  const snapshot = db.pager.beginRead();
  try {
    const roots = GraphStore.findRoots(snapshot);
    if (roots === null) return [];
    return Catalog.load(snapshot, roots.catalog)
      .entries()
      .map(([, name]) => name);
  } finally {
    snapshot.release();
  }
}

export async function schemaSummary(db: Database): Promise<SchemaSummary> {
  const names = catalogNames(db);
  const labels: SchemaSummary['labels'] = [];
  const relationshipTypes: SchemaSummary['relationshipTypes'] = [];
  const propertyKeys: string[] = [];
  for (const name of names) {
    const nodes = db.countNodesWithLabel(name);
    const rels = db.countEdgesWithType(name);
    if (nodes > 0) labels.push({ label: name, nodes });
    if (rels > 0) relationshipTypes.push({ type: name, relationships: rels });
    if (nodes === 0 && rels === 0) propertyKeys.push(name);
  }
  const indexes: SchemaSummary['indexes'] = [];
  for (const ix of db.listIndexes()) {
    const r = await db.cypher(`MATCH (n:\`${ix.label.replace(/`/g, '``')}\`) WHERE n.\`${ix.property.replace(/`/g, '``')}\` IS NOT NULL RETURN count(n) AS c`);
    indexes.push({ ...ix, nodes: Number(r.rows[0]?.c ?? 0) });
  }
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  labels.sort((a, b) => byName(a.label, b.label));
  relationshipTypes.sort((a, b) => byName(a.type, b.type));
  propertyKeys.sort(byName);
  return { labels, relationshipTypes, propertyKeys, indexes };
}

/** The summary as lines of text. */
export function schemaLines(s: SchemaSummary): string[] {
  const lines: string[] = [];
  lines.push(`labels (${s.labels.length}):`);
  for (const l of s.labels) lines.push(`  :${l.label}  ${l.nodes} node${l.nodes === 1 ? '' : 's'}`);
  lines.push(`relationship types (${s.relationshipTypes.length}):`);
  for (const t of s.relationshipTypes) lines.push(`  :${t.type}  ${t.relationships} relationship${t.relationships === 1 ? '' : 's'}`);
  lines.push(`property keys (${s.propertyKeys.length}): ${s.propertyKeys.join(', ')}`);
  lines.push(`indexes (${s.indexes.length}):`);
  for (const ix of s.indexes) lines.push(`  :${ix.label}(${ix.property})  ${ix.nodes} node${ix.nodes === 1 ? '' : 's'}`);
  return lines;
}
