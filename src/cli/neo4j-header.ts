/**
 * The header line of a `neo4j-admin database import` CSV file, as Sombra's
 * `import` reads it and `export` writes it.
 *
 * Each header field is `name:type`, `name` (a string property), or a special
 * column with an empty name:
 *
 *     FIELD                 FILE    MEANING
 *     name:ID[(space)]      nodes   the node's id in the file (stored as property
 *                                   `name` when named; `:ID` alone is not stored)
 *     :LABEL                nodes   labels, separated by the array delimiter
 *     :START_ID[(space)]    rels    id of the start node (in its ID space)
 *     :END_ID[(space)]      rels    id of the end node
 *     :TYPE                 rels    relationship type
 *     name:IGNORE           both    a column that is not imported
 *     name:TYPE             both    a property; TYPE is one of
 *                                   int long short byte float double boolean
 *                                   char string date datetime localdatetime,
 *                                   or an array `TYPE[]` (elements separated
 *                                   by the array delimiter): a list, except
 *                                   `byte[]`, which is stored as bytes
 *
 * The type follows the LAST colon of the field, so a property key may hold
 * colons (`a:b:string` is key `a:b`). Type names are case-insensitive.
 * Properties of one key with different types get one column per type (at most
 * one of them is filled in a row): what `export` writes for a key that holds
 * integers on some nodes and strings on others.
 */
import { InvalidArgError } from '../base/errors.js';

/** The scalar property types the importer understands. */
export const SCALAR_TYPES = ['int', 'long', 'short', 'byte', 'float', 'double', 'boolean', 'char', 'string', 'date', 'datetime', 'localdatetime'] as const;
export type ScalarType = (typeof SCALAR_TYPES)[number];

/** Types of neo4j-admin that Sombra cannot store, with the reason. */
const UNSUPPORTED_TYPES: Record<string, string> = {
  point: 'Sombra has no spatial values',
  duration: 'Sombra has no duration values',
  time: 'Sombra has no time-of-day values (use datetime)',
  localtime: 'Sombra has no time-of-day values (use datetime)',
};

export type HeaderColumn =
  | { kind: 'id'; name: string | null; space: string }
  | { kind: 'label' }
  | { kind: 'start'; space: string }
  | { kind: 'end'; space: string }
  | { kind: 'type' }
  | { kind: 'ignore' }
  | { kind: 'prop'; name: string; type: ScalarType; array: boolean };

export interface Header {
  columns: HeaderColumn[];
}

const SPECIAL = /^(ID|START_ID|END_ID)(?:\((.*)\))?$/i;

function splitField(field: string): { name: string; type: string | null } {
  const colon = field.lastIndexOf(':');
  if (colon < 0) return { name: field, type: null };
  return { name: field.slice(0, colon), type: field.slice(colon + 1) };
}

/**
 * Parses a header's fields. `where` prefixes errors (`file:1`). `kind` says
 * which special columns are allowed and required.
 */
export function parseHeader(fields: readonly string[], kind: 'nodes' | 'relationships', where: string): Header {
  const columns: HeaderColumn[] = [];
  const seen = new Set<string>();
  fields.forEach((raw, i) => {
    const at = `${where}: header field ${i + 1} ${JSON.stringify(raw)}`;
    const { name, type } = splitField(raw);
    if (type === null) {
      if (name === '') throw new InvalidArgError(`${at}: empty field`);
      columns.push({ kind: 'prop', name, type: 'string', array: false });
      return;
    }
    const special = SPECIAL.exec(type);
    const upper = type.toUpperCase();
    if (special) {
      const what = special[1]!.toUpperCase();
      const space = special[2] ?? '';
      if (what === 'ID') {
        if (kind !== 'nodes') throw new InvalidArgError(`${at}: an ID column belongs in a nodes file`);
        columns.push({ kind: 'id', name: name === '' ? null : name, space });
      } else {
        if (kind !== 'relationships') throw new InvalidArgError(`${at}: a ${what} column belongs in a relationships file`);
        columns.push({ kind: what === 'START_ID' ? 'start' : 'end', space });
      }
    } else if (upper === 'LABEL') {
      if (kind !== 'nodes') throw new InvalidArgError(`${at}: a LABEL column belongs in a nodes file`);
      columns.push({ kind: 'label' });
    } else if (upper === 'TYPE') {
      if (kind !== 'relationships') throw new InvalidArgError(`${at}: a TYPE column belongs in a relationships file`);
      columns.push({ kind: 'type' });
    } else if (upper === 'IGNORE') {
      columns.push({ kind: 'ignore' });
    } else {
      if (name === '') throw new InvalidArgError(`${at}: a property column needs a name`);
      const array = type.endsWith('[]');
      const base = (array ? type.slice(0, -2) : type).toLowerCase();
      const reason = UNSUPPORTED_TYPES[base];
      if (reason !== undefined) throw new InvalidArgError(`${at}: type ${base} is not supported: ${reason}`);
      if (!(SCALAR_TYPES as readonly string[]).includes(base)) {
        throw new InvalidArgError(`${at}: unknown type ${JSON.stringify(type)}; known: ${SCALAR_TYPES.join(', ')}, ID, LABEL, START_ID, END_ID, TYPE, IGNORE, and arrays TYPE[]`);
      }
      const key = `${name}\u0000${base}${array ? '[]' : ''}`;
      if (seen.has(key)) throw new InvalidArgError(`${at}: property ${JSON.stringify(name)} of type ${base} appears twice`);
      seen.add(key);
      columns.push({ kind: 'prop', name, type: base as ScalarType, array });
    }
  });
  const count = (k: HeaderColumn['kind']): number => columns.filter((c) => c.kind === k).length;
  if (kind === 'nodes') {
    if (count('id') > 1) throw new InvalidArgError(`${where}: header has ${count('id')} ID columns; at most one`);
    if (count('label') > 1) throw new InvalidArgError(`${where}: header has ${count('label')} LABEL columns; at most one`);
  } else {
    if (count('start') !== 1 || count('end') !== 1) throw new InvalidArgError(`${where}: a relationships header needs exactly one :START_ID and one :END_ID column`);
    if (count('type') > 1) throw new InvalidArgError(`${where}: header has ${count('type')} TYPE columns; at most one`);
  }
  return { columns };
}
