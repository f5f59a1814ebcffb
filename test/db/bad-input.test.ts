// Bad input through the public API (DESIGN §7): every method with arguments
// of the wrong type or out of range, missing nodes and edges, unknown
// options and pragmas, and objects used past their life (a Transaction after
// commit or rollback, a Database after close, a ReadView after db.read, a
// read-only database, a second open of a locked file). Each call gets the
// documented code and a message naming the bad value or field, and leaves
// the data exactly as it was: a full dump (records, names, labels, counts,
// adjacency, indexes) is compared before and after, and verify() is clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, SombraError, type ErrorCode, type MutationOp, type NameOrId, type Props, type PropsUpdate } from '../../src/index.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { dump, type ProbePools, type Reads } from '../helpers/graph-model.js';

const OPTIONS = { walPreallocateBytes: 0, autocheckpointMs: null } as const;
const PATH = '/bad/input.sombra';
const POOLS: ProbePools = { labels: ['User', 'Admin', 'Zed'], types: ['KNOWS', 'LIKES', 'ZEDGE'], props: ['name', 'age', 'blob', 'when', 'zprop'], values: [] };
const MAX_ID = 20;

/** The writes Database and Transaction share (auto-commit: a promise; in a transaction: the value). */
interface Writer {
  createNode(labels: NameOrId | readonly NameOrId[], props?: Props): unknown;
  updateNode(id: number, update: PropsUpdate): unknown;
  deleteNode(id: number, options?: { cascade?: boolean }): unknown;
  createEdge(src: number, dst: number, type: NameOrId, props?: Props): unknown;
  updateEdge(id: number, update: PropsUpdate): unknown;
  deleteEdge(id: number): unknown;
  createIndex(label: NameOrId, property: NameOrId): unknown;
  dropIndex(label: NameOrId, property: NameOrId): unknown;
  rebuildIndex(label: NameOrId, property: NameOrId): unknown;
}

/** A database with nodes, edges (a self-loop and a parallel pair), properties of several types and an index. */
async function fixture(): Promise<{ mem: MemVfs; db: Database }> {
  const mem = new MemVfs();
  const db = await Database.openOn(mem, PATH, OPTIONS);
  await db.transaction((tx) => {
    const ada = tx.createNode(['User', 'Admin'], { name: 'Ada', age: 36, blob: Uint8Array.of(0, 1, 2), when: new Date(0) });
    const bob = tx.createNode('User', { name: 'Bob', age: 2n ** 60n });
    const lonely = tx.createNode('User', { name: 'Lonely' });
    tx.createEdge(ada, bob, 'KNOWS', { since: 2020 });
    tx.createEdge(ada, bob, 'KNOWS');
    tx.createEdge(bob, bob, 'LIKES');
    tx.createIndex('User', 'name');
    void lonely;
  });
  return { mem, db };
}

function check(err: unknown, code: ErrorCode, message: RegExp, what: string): void {
  assert.ok(err instanceof SombraError, `${what}: expected ${code}, got ${err === undefined ? 'success' : String(err)}`);
  assert.equal(err.code, code, `${what}: ${err.message}`);
  assert.match(err.message, message, `${what}: the message names the bad value or field`);
}

/** Runs `fn` (sync or async) on `target`, expects the error, and that `target` reads the same before and after. */
async function rejects(target: Reads, what: string, fn: () => unknown, code: ErrorCode, message: RegExp): Promise<void> {
  const before = dump(target, MAX_ID, POOLS);
  let caught: unknown;
  try {
    await fn();
  } catch (err) {
    caught = err;
  }
  check(caught, code, message, what);
  assert.deepEqual(dump(target, MAX_ID, POOLS), before, `${what} changed the data`);
}

type Case = [what: string, call: (w: Writer) => unknown, code: ErrorCode, message: RegExp];

// Node 1 (Ada) has edges 1 and 2 to node 2 (Bob); node 2 has self-loop 3; node 3 has none.
const ID_CASES: Array<[unknown, RegExp]> = [
  ['1', /got "1"/],
  [-1, /got -1/],
  [0, /got 0/],
  [1.5, /got 1\.5/],
  [2 ** 53, /got 9007199254740992/],
  [NaN, /got NaN/],
  [null, /got null/],
  [undefined, /got undefined/],
  [{}, /got object/],
];

const WRITE_CASES: Case[] = [
  // Ids of every id argument.
  ...ID_CASES.flatMap(([id, m]): Case[] => [
    [`updateNode(${String(id)})`, (w) => w.updateNode(id as number, { set: { a: 1 } }), 'INVALID_ARG', new RegExp(`updateNode node id must be a positive safe integer, ${m.source}`)],
    [`deleteNode(${String(id)})`, (w) => w.deleteNode(id as number), 'INVALID_ARG', new RegExp(`deleteNode node id .*${m.source}`)],
    [`createEdge(${String(id)}, 1)`, (w) => w.createEdge(id as number, 1, 'KNOWS'), 'INVALID_ARG', new RegExp(`edge source node id .*${m.source}`)],
    [`createEdge(1, ${String(id)})`, (w) => w.createEdge(1, id as number, 'KNOWS'), 'INVALID_ARG', new RegExp(`edge destination node id .*${m.source}`)],
    [`updateEdge(${String(id)})`, (w) => w.updateEdge(id as number, {}), 'INVALID_ARG', new RegExp(`updateEdge edge id .*${m.source}`)],
    [`deleteEdge(${String(id)})`, (w) => w.deleteEdge(id as number), 'INVALID_ARG', new RegExp(`deleteEdge edge id .*${m.source}`)],
  ]),
  // Labels.
  ['createNode with no label', (w) => w.createNode([]), 'INVALID_ARG', /a node needs at least one label/],
  ['createNode with an empty label', (w) => w.createNode(['Zed', '']), 'INVALID_ARG', /label must not be empty/],
  ['createNode with a non-string label', (w) => w.createNode({} as never), 'INVALID_ARG', /label must be a string or a numeric id, got object/],
  ['createNode with a null label', (w) => w.createNode(['Zed', null as never]), 'INVALID_ARG', /label must be a string or a numeric id, got null/],
  ['createNode with a too long label', (w) => w.createNode('x'.repeat(513)), 'INVALID_ARG', /label "x+\.\.\." is 513 bytes of UTF-8; the limit is 512/],
  ['createNode with a long multi-byte label', (w) => w.createNode('é'.repeat(257)), 'INVALID_ARG', /is 514 bytes of UTF-8; the limit is 512/],
  ['createNode with a lone surrogate label', (w) => w.createNode('Zed\uD800'), 'INVALID_ARG', /label "Zed\\ud800" contains a lone surrogate/],
  ['createNode with a fractional label id', (w) => w.createNode(1.5), 'INVALID_ARG', /label id must be an integer in \[1, 2\^32\), got 1\.5/],
  ['createNode with a negative label id', (w) => w.createNode(-1), 'INVALID_ARG', /label id must be an integer in \[1, 2\^32\), got -1/],
  ['createNode with a huge label id', (w) => w.createNode(2 ** 32), 'INVALID_ARG', /label id must be an integer in \[1, 2\^32\), got 4294967296/],
  ['createNode with a never interned label id', (w) => w.createNode(999), 'NOT_FOUND', /label id 999 was never interned/],
  // Properties.
  ['createNode with string props', (w) => w.createNode('Zed', 'name' as never), 'INVALID_ARG', /props must be a plain object/],
  ['createNode with array props', (w) => w.createNode('Zed', [1] as never), 'INVALID_ARG', /props must be a plain object/],
  ['createNode with null props', (w) => w.createNode('Zed', null as never), 'INVALID_ARG', /props must be a plain object/],
  ['createNode with class-instance props', (w) => w.createNode('Zed', new (class Person { name = 'x' })() as never), 'INVALID_ARG', /props must be a plain object/],
  ['createNode with a function value', (w) => w.createNode('Zed', { zprop: () => 1 } as never), 'INVALID_ARG', /property "zprop": unsupported value a function/],
  // Every name known (the one-pass path of createNode): the same errors, nothing interned.
  ['createNode with known names and a function value', (w) => w.createNode('User', { name: 'x', age: (() => 1) as never }), 'INVALID_ARG', /property "age": unsupported value a function/],
  ['createNode with known names and a bigint out of range', (w) => w.createNode(['Admin', 'User'], { age: 2n ** 70n }), 'INVALID_ARG', /property "age": .*outside the signed 64-bit range/],
  ['createNode with a bad known value before an unknown key', (w) => w.createNode('User', { name: Symbol('s') as never, zprop: 1 }), 'INVALID_ARG', /property "name": unsupported value/],
  ['createNode with an undefined value', (w) => w.createNode('Zed', { zprop: undefined } as never), 'INVALID_ARG', /property "zprop": unsupported value undefined/],
  ['createNode with an object value', (w) => w.createNode('Zed', { zprop: { a: 1 } } as never), 'INVALID_ARG', /property "zprop": unsupported value a plain object/],
  ['createNode with a list holding null', (w) => w.createNode('Zed', { zprop: [1, null] } as never), 'INVALID_ARG', /property "zprop": a list with null at index 1/],
  ['createNode with a Map value', (w) => w.createNode('Zed', { zprop: new Map() } as never), 'INVALID_ARG', /property "zprop": unsupported value an object of class Map/],
  ['createNode with an Int16Array value', (w) => w.createNode('Zed', { zprop: new Int16Array(2) } as never), 'INVALID_ARG', /property "zprop": unsupported value an object of class Int16Array/],
  ['createNode with a symbol value', (w) => w.createNode('Zed', { zprop: Symbol('s') } as never), 'INVALID_ARG', /property "zprop": unsupported value Symbol\(s\)/],
  ['createNode with an invalid Date', (w) => w.createNode('Zed', { when: new Date(NaN) }), 'INVALID_ARG', /property "when": an invalid Date/],
  ['createNode with a lone surrogate string', (w) => w.createNode('Zed', { zprop: 'ok\uDC00' }), 'INVALID_ARG', /property "zprop": a string with a lone surrogate U\+DC00 at index 2/],
  ['createNode with a bigint beyond 64 bits', (w) => w.createNode('Zed', { zprop: 2n ** 63n }), 'INVALID_ARG', /property "zprop": the integer 9223372036854775808n is outside the signed 64-bit range/],
  ['createNode with an empty property key', (w) => w.createNode('Zed', { '': 1 }), 'INVALID_ARG', /property key must not be empty/],
  ['createNode with a lone surrogate key', (w) => w.createNode('Zed', { ['k\uD83D']: 1 }), 'INVALID_ARG', /property key "k\\ud83d" contains a lone surrogate/],
  ['createNode with a too long key', (w) => w.createNode('Zed', { ['k'.repeat(600)]: 1 }), 'INVALID_ARG', /property key "k+\.\.\." is 600 bytes/],
  ['createNode with a bad value after new names', (w) => w.createNode(['Zed', 'User'], { zprop: 1, name: 'fine', age: undefined } as never), 'INVALID_ARG', /property "age"/],
  // Updates.
  ['updateNode with a non-object update', (w) => w.updateNode(1, 'set' as never), 'INVALID_ARG', /updateNode update must be an object \{ set\?, unset\? \}/],
  ['updateNode with an unknown update field', (w) => w.updateNode(1, { put: {} } as never), 'INVALID_ARG', /updateNode update accepts set and unset, got "put"/],
  ['updateNode with a non-object set', (w) => w.updateNode(1, { set: 5 } as never), 'INVALID_ARG', /updateNode update\.set must be a plain object/],
  ['updateNode with a string unset', (w) => w.updateNode(1, { unset: 'name' } as never), 'INVALID_ARG', /updateNode update\.unset must be an array of property names/],
  ['updateNode with a numeric unset', (w) => w.updateNode(1, { unset: [1] } as never), 'INVALID_ARG', /updateNode update\.unset must be an array/],
  ['updateNode with a bad value', (w) => w.updateNode(1, { set: { zprop: 1, name: undefined } } as never), 'INVALID_ARG', /property "name": unsupported value undefined/],
  ['updateNode with an empty key', (w) => w.updateNode(1, { set: { '': 1 } }), 'INVALID_ARG', /property key must not be empty/],
  ['updateNode of a missing node', (w) => w.updateNode(99, { set: { zprop: 1 } }), 'NOT_FOUND', /updateNode: node 99 does not exist/],
  ['updateEdge with a bad value', (w) => w.updateEdge(1, { set: { zprop: new Date(NaN) } }), 'INVALID_ARG', /property "zprop": an invalid Date/],
  ['updateEdge of a missing edge', (w) => w.updateEdge(99, { set: { zprop: 1 } }), 'NOT_FOUND', /updateEdge: edge 99 does not exist/],
  // Deletes.
  ['deleteNode with non-object options', (w) => w.deleteNode(3, 'cascade' as never), 'INVALID_ARG', /deleteNode options must be an object \{ cascade\? \}/],
  ['deleteNode with a non-boolean cascade', (w) => w.deleteNode(3, { cascade: 'yes' } as never), 'INVALID_ARG', /cascade must be true or false, got yes/],
  ['deleteNode of a node with edges', (w) => w.deleteNode(1), 'CONSTRAINT', /node 1 still has edges \(for example edge 1\); delete them first or pass \{ cascade: true \}/],
  ['deleteNode of a node with a self-loop', (w) => w.deleteNode(2, { cascade: false }), 'CONSTRAINT', /node 2 still has edges/],
  ['deleteNode of a missing node', (w) => w.deleteNode(99), 'NOT_FOUND', /deleteNode: node 99 does not exist/],
  ['deleteEdge of a missing edge', (w) => w.deleteEdge(99), 'NOT_FOUND', /deleteEdge: edge 99 does not exist/],
  // Edges.
  ['createEdge from a missing node', (w) => w.createEdge(99, 1, 'ZEDGE'), 'NOT_FOUND', /createEdge: source node 99 does not exist/],
  ['createEdge to a missing node', (w) => w.createEdge(1, 99, 'ZEDGE'), 'NOT_FOUND', /createEdge: destination node 99 does not exist/],
  ['createEdge self-loop on a missing node', (w) => w.createEdge(99, 99, 'ZEDGE'), 'NOT_FOUND', /source node 99/],
  ['createEdge with an empty type', (w) => w.createEdge(1, 2, ''), 'INVALID_ARG', /edge type must not be empty/],
  ['createEdge with no type', (w) => w.createEdge(1, 2, undefined as never), 'INVALID_ARG', /edge type must be a string or a numeric id, got undefined/],
  ['createEdge with a fractional type id', (w) => w.createEdge(1, 2, 2.5), 'INVALID_ARG', /edge type id must be an integer in \[1, 2\^32\), got 2\.5/],
  ['createEdge with a never interned type id', (w) => w.createEdge(1, 2, 999), 'NOT_FOUND', /edge type id 999 was never interned/],
  ['createEdge with bad props', (w) => w.createEdge(1, 2, 'ZEDGE', { zprop: 1n << 70n }), 'INVALID_ARG', /property "zprop": the integer/],
  ['createEdge with array props', (w) => w.createEdge(1, 2, 'ZEDGE', [] as never), 'INVALID_ARG', /props must be a plain object/],
  // Indexes.
  ['createIndex with an empty label', (w) => w.createIndex('', 'zprop'), 'INVALID_ARG', /label must not be empty/],
  ['createIndex with a null property', (w) => w.createIndex('Zed', null as never), 'INVALID_ARG', /property key must be a string or a numeric id, got null/],
  ['createIndex with a never interned id', (w) => w.createIndex(999, 'name'), 'NOT_FOUND', /label id 999 was never interned/],
  ['dropIndex with a non-string label', (w) => w.dropIndex({} as never, 'name'), 'INVALID_ARG', /label must be a string or a numeric id, got object/],
  ['rebuildIndex with a fractional id', (w) => w.rebuildIndex('User', 0.5), 'INVALID_ARG', /property key id must be an integer in \[1, 2\^32\), got 0\.5/],
];

type ReadCase = [what: string, call: (r: Reads) => unknown, code: ErrorCode, message: RegExp];

const READ_CASES: ReadCase[] = [
  ...ID_CASES.flatMap(([id, m]): ReadCase[] => [
    [`getNode(${String(id)})`, (r) => r.getNode(id as number), 'INVALID_ARG', new RegExp(`^node id must be a positive safe integer, ${m.source}`)],
    [`hasNode(${String(id)})`, (r) => r.hasNode(id as number), 'INVALID_ARG', new RegExp(`^node id .*${m.source}`)],
    [`getEdge(${String(id)})`, (r) => r.getEdge(id as number), 'INVALID_ARG', new RegExp(`^edge id .*${m.source}`)],
    [`hasEdge(${String(id)})`, (r) => r.hasEdge(id as number), 'INVALID_ARG', new RegExp(`^edge id .*${m.source}`)],
    [`neighbors(${String(id)})`, (r) => r.neighbors(id as number), 'INVALID_ARG', new RegExp(`^node id .*${m.source}`)],
    [`bfs(${String(id)})`, (r) => r.bfs(id as number, 1), 'INVALID_ARG', new RegExp(`^start node id .*${m.source}`)],
  ]),
  ['neighbors with string options', (r) => r.neighbors(1, 'out' as never), 'INVALID_ARG', /neighbors options must be an object/],
  ['neighbors with a bad direction', (r) => r.neighbors(1, { direction: 'up' as never }), 'INVALID_ARG', /direction must be 'out', 'in' or 'both', got "up"/],
  ['neighbors with a misspelt option', (r) => r.neighbors(1, { directon: 'in' } as never), 'INVALID_ARG', /neighbors options: unknown option "directon"; known: direction, edgeType, distinct, limit/],
  ['neighbors with a negative limit', (r) => r.neighbors(1, { limit: -1 }), 'INVALID_ARG', /limit must be a non-negative integer, got -1/],
  ['neighbors with a fractional limit', (r) => r.neighbors(1, { limit: 0.5 }), 'INVALID_ARG', /limit must be a non-negative integer, got 0\.5/],
  ['neighbors with a non-boolean distinct', (r) => r.neighbors(1, { distinct: 1 as never }), 'INVALID_ARG', /distinct must be true or false, got 1/],
  ['neighbors with an object edge type', (r) => r.neighbors(1, { edgeType: [] as never }), 'INVALID_ARG', /edge type must be a string or a numeric id, got object/],
  ['neighbors with a zero edge type id', (r) => r.neighbors(1, { edgeType: 0 }), 'INVALID_ARG', /edge type id must be an integer in \[1, 2\^32\), got 0/],
  ['bfs with a negative depth', (r) => r.bfs(1, -1), 'INVALID_ARG', /maxDepth must be a non-negative integer, got -1/],
  ['bfs with a string depth', (r) => r.bfs(1, '2' as never), 'INVALID_ARG', /maxDepth must be a non-negative integer, got 2/],
  ['bfs with a string edgeTypes', (r) => r.bfs(1, 1, { edgeTypes: 'KNOWS' as never }), 'INVALID_ARG', /edgeTypes must be an array of names or ids/],
  ['bfs with a null edge type', (r) => r.bfs(1, 1, { edgeTypes: [null as never] }), 'INVALID_ARG', /edge type must be a string or a numeric id, got null/],
  ['bfs with a fractional maxResults', (r) => r.bfs(1, 1, { maxResults: 1.5 }), 'INVALID_ARG', /maxResults must be a non-negative integer, got 1\.5/],
  ['bfs with a misspelt option', (r) => r.bfs(1, 1, { maxResult: 1 } as never), 'INVALID_ARG', /bfs options: unknown option "maxResult"; known: direction, edgeTypes, maxResults/],
  ['bfs with a bad direction', (r) => r.bfs(1, 1, { direction: 'sideways' as never }), 'INVALID_ARG', /got "sideways"/],
  ['countNodesWithLabel(null)', (r) => r.countNodesWithLabel(null as never), 'INVALID_ARG', /label must be a string or a numeric id, got null/],
  ['countNodesWithLabel(0)', (r) => r.countNodesWithLabel(0), 'INVALID_ARG', /label id must be an integer in \[1, 2\^32\), got 0/],
  ['countEdgesWithType(1.5)', (r) => r.countEdgesWithType(1.5), 'INVALID_ARG', /edge type id must be an integer in \[1, 2\^32\), got 1\.5/],
  ['nodesWithLabel(undefined)', (r) => [...r.nodesWithLabel(undefined as never)], 'INVALID_ARG', /label must be a string or a numeric id, got undefined/],
  ['findNodes with an undefined value', (r) => r.findNodes('User', 'name', undefined as never), 'INVALID_ARG', /property "name": unsupported value undefined/],
  ['findNodes with an object value', (r) => r.findNodes('User', 'name', { a: 1 } as never), 'INVALID_ARG', /property "name": unsupported value a plain object/],
  ['findNodes with an invalid Date', (r) => r.findNodes('User', 'when', new Date(NaN)), 'INVALID_ARG', /property "when": an invalid Date/],
  ['findNodes with a null label', (r) => r.findNodes(null as never, 'name', 'Ada'), 'INVALID_ARG', /label must be a string or a numeric id, got null/],
  ['findNodes with a bad property id', (r) => r.findNodes('User', -3, 'Ada'), 'INVALID_ARG', /property key id must be an integer in \[1, 2\^32\), got -3/],
  ['findNodesInRange with no bound', (r) => r.findNodesInRange('User', 'age', {}), 'INVALID_ARG', /range needs at least one of gt, gte, lt, lte/],
  ['findNodesInRange with gt and gte', (r) => r.findNodesInRange('User', 'age', { gt: 1, gte: 2 }), 'INVALID_ARG', /range: give gt or gte, not both/],
  ['findNodesInRange with lt and lte', (r) => r.findNodesInRange('User', 'age', { lt: 1, lte: 2 }), 'INVALID_ARG', /range: give lt or lte, not both/],
  ['findNodesInRange with mixed types', (r) => r.findNodesInRange('User', 'age', { gt: 1, lt: 'z' }), 'INVALID_ARG', /range bounds must have the same type, got number and string/],
  ['findNodesInRange with an unknown key', (r) => r.findNodesInRange('User', 'age', { from: 1 } as never), 'INVALID_ARG', /range: unknown option "from"; known: gt, gte, lt, lte/],
  ['findNodesInRange with a string range', (r) => r.findNodesInRange('User', 'age', '>1' as never), 'INVALID_ARG', /range must be an object/],
  ['findNodesInRange with a bad bound', (r) => r.findNodesInRange('User', 'age', { gt: [[1]] as never }), 'INVALID_ARG', /a list with a list at index 0/],
  ['idOf(null)', (r) => r.idOf(null as never), 'INVALID_ARG', /name must be a string, got null/],
  ['idOf(a number)', (r) => r.idOf(1 as never), 'INVALID_ARG', /name must be a string, got number/],
  ['labelId(undefined)', (r) => r.labelId(undefined as never), 'INVALID_ARG', /name must be a string, got undefined/],
];

test('every write with a bad argument fails with its code and message, and changes nothing', async () => {
  const { db } = await fixture();
  try {
    for (const [what, call, code, message] of WRITE_CASES) await rejects(db, `db.${what}`, () => call(db), code, message);
    assert.equal(db.idOf('Zed'), null, 'no name of a failed call was interned');
    assert.equal(db.idOf('zprop'), null);
    assert.equal(db.idOf('ZEDGE'), null);
    assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
});

test('in a transaction, a failed call changes nothing and the transaction carries on', async () => {
  const { db } = await fixture();
  try {
    const before = dump(db, MAX_ID, POOLS);
    await db.transaction(async (tx) => {
      const zed = tx.createNode('Zed', { zprop: 'kept' });
      tx.createEdge(zed, 1, 'ZEDGE');
      for (const [what, call, code, message] of WRITE_CASES) await rejects(tx, `tx.${what}`, () => call(tx), code, message);
      for (const [what, call, code, message] of READ_CASES) await rejects(tx, `tx.${what}`, () => call(tx), code, message);
      assert.equal(tx.active, true);
      tx.deleteNode(zed, { cascade: true });
    });
    // The transaction's own writes cancel out: the names stay, the data is as before.
    const after = dump(db, MAX_ID, POOLS) as { names: unknown[] };
    const { names: beforeNames, ...beforeData } = before as { names: unknown[] };
    const { names: afterNames, ...afterData } = after;
    assert.deepEqual(afterData, beforeData);
    assert.equal(afterNames.length, beforeNames.length);
    assert.notEqual(db.idOf('Zed'), null, 'names interned by successful calls are kept');
    assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
});

test('every read with a bad argument fails with its code and message, on the database and on a read view', async () => {
  const { db } = await fixture();
  try {
    for (const [what, call, code, message] of READ_CASES) await rejects(db, `db.${what}`, () => call(db), code, message);
    await db.read(async (view) => {
      for (const [what, call, code, message] of READ_CASES) await rejects(view, `view.${what}`, () => call(view), code, message);
    });
    assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
});

test('transactions, batches, reads and interning reject bad arguments', async () => {
  const { db } = await fixture();
  try {
    const cases: Array<[string, () => unknown, ErrorCode, RegExp]> = [
      ['transaction(not a function)', () => db.transaction('fn' as never), 'INVALID_ARG', /transaction expects a function/],
      ['transaction with string options', () => db.transaction(() => 1, 'defer' as never), 'INVALID_ARG', /transaction options must be an object \{ deferIndexes\? \}/],
      ['transaction with an unknown option', () => db.transaction(() => 1, { deferIndex: true } as never), 'INVALID_ARG', /unknown transaction option "deferIndex"; known: deferIndexes/],
      ['beginWrite with a non-boolean deferIndexes', () => db.beginWrite({ deferIndexes: 'yes' } as never), 'INVALID_ARG', /deferIndexes must be true or false, got "yes"/],
      ['beginWrite with null options', () => db.beginWrite(null as never), 'INVALID_ARG', /transaction options must be an object/],
      ['read(not a function)', () => db.read(42 as never), 'INVALID_ARG', /read expects a function/],
      ['intern("")', () => db.intern(''), 'INVALID_ARG', /name must not be empty/],
      ['intern(lone surrogate)', () => db.intern('\uDFFF'), 'INVALID_ARG', /name "\\udfff" contains a lone surrogate/],
      ['intern(too long)', () => db.intern('n'.repeat(513)), 'INVALID_ARG', /is 513 bytes of UTF-8; the limit is 512/],
      ['intern(a number)', () => db.intern(7 as never), 'INVALID_ARG', /name must be a string, got number/],
      ['mutateMany(not an array)', () => db.mutateMany({} as never), 'INVALID_ARG', /mutateMany expects an array of operations/],
      ['mutateMany with a null op', () => db.mutateMany([null as never]), 'INVALID_ARG', /mutateMany op 0: must be an object with an "op" field/],
      ['mutateMany with an unknown op', () => db.mutateMany([{ op: 'upsertNode' } as never]), 'INVALID_ARG', /mutateMany op 0: unknown op "upsertNode"; known: createNode/],
      ['mutateMany with an unknown field', () => db.mutateMany([{ op: 'createNode', labels: ['Zed'], label: 'x' } as never]), 'INVALID_ARG', /mutateMany op 0 \(createNode\): unknown field "label"; allowed: op, labels, props, as/],
      ['mutateMany with a string id', () => db.mutateMany([{ op: 'deleteNode', id: '3' } as never]), 'INVALID_ARG', /mutateMany op 0 \(deleteNode\): id must be an id or \{ ref: alias \}, got "3"/],
      ['mutateMany with an undefined alias', () => db.mutateMany([{ op: 'createNode', labels: ['Zed'], as: 'z' }, { op: 'createEdge', src: { ref: 'z' }, dst: { ref: 'y' }, type: 'ZEDGE' }]), 'INVALID_ARG', /mutateMany op 1 \(createEdge\): dst refers to alias "y", which no earlier operation defines/],
      ['mutateMany with an alias defined twice', () => db.mutateMany([{ op: 'createNode', labels: ['Zed'], as: 'z' }, { op: 'createNode', labels: ['Zed'], as: 'z' }]), 'INVALID_ARG', /mutateMany op 1 \(createNode\): alias "z" is defined twice/],
      ['mutateMany with a node alias used as an edge', () => db.mutateMany([{ op: 'createNode', labels: ['Zed'], as: 'z' }, { op: 'deleteEdge', id: { ref: 'z' } }]), 'INVALID_ARG', /mutateMany op 1 \(deleteEdge\): id refers to alias "z" of a node, expected an edge/],
      ['mutateMany with an empty alias', () => db.mutateMany([{ op: 'createNode', labels: ['Zed'], as: '' }]), 'INVALID_ARG', /"as" must be a non-empty string/],
      ['mutateMany failing late (missing node)', () => db.mutateMany([{ op: 'createNode', labels: ['Zed'], props: { zprop: 1 }, as: 'z' }, { op: 'createEdge', src: { ref: 'z' }, dst: 1, type: 'ZEDGE' }, { op: 'deleteNode', id: 99 }]), 'NOT_FOUND', /^mutateMany op 2 \(deleteNode\): deleteNode: node 99 does not exist/],
      ['mutateMany failing late (constraint)', () => db.mutateMany([{ op: 'createNode', labels: ['Zed'], as: 'z' }, { op: 'deleteNode', id: 1 }]), 'CONSTRAINT', /^mutateMany op 1 \(deleteNode\): node 1 still has edges/],
      ['mutateMany failing late (bad value)', () => db.mutateMany([{ op: 'createNode', labels: ['Zed'] }, { op: 'updateNode', id: 1, set: { zprop: new Date(NaN) } }]), 'INVALID_ARG', /^mutateMany op 1 \(updateNode\): property "zprop": an invalid Date/],
      ['pragma(unknown)', () => db.pragma('journal_mode'), 'INVALID_ARG', /unknown pragma "journal_mode"; known: synchronous/],
      ['pragma(non-string name)', () => db.pragma(5 as never), 'INVALID_ARG', /unknown pragma 5/],
      ['pragma(synchronous, bad)', () => db.pragma('synchronous', 'FULL'), 'INVALID_ARG', /pragma synchronous must be one of 'full', 'normal', 'off', got "FULL"/],
      ['pragma(wal_coalesce_ms, -1)', () => db.pragma('wal_coalesce_ms', -1), 'INVALID_ARG', /pragma wal_coalesce_ms must be an integer in \[0, 1000\], got -1/],
      ['pragma(autocheckpoint_ms, 0)', () => db.pragma('autocheckpoint_ms', 0), 'INVALID_ARG', /pragma autocheckpoint_ms must be an integer in \[1, /],
      ['pragma(autocheckpoint_pages, 0)', () => db.pragma('autocheckpoint_pages', 0), 'INVALID_ARG', /pragma autocheckpoint_pages must be an integer in \[1, /],
      ['pragma(commit_max_frames, 1.5)', () => db.pragma('commit_max_frames', 1.5), 'INVALID_ARG', /pragma commit_max_frames must be an integer in \[1, 1000000\], got 1\.5/],
      ['pragma(cache_size, 8)', () => db.pragma('cache_size', 8), 'INVALID_ARG', /pragma cache_size must be an integer in \[16, /],
      ['pragma(cache_size, string)', () => db.pragma('cache_size', '100'), 'INVALID_ARG', /got "100"/],
      ...(['page_size', 'page_count', 'wal_frames', 'freelist_count'] as const).map((p): [string, () => unknown, ErrorCode, RegExp] => [`pragma(${p}, value)`, () => db.pragma(p, 1), 'INVALID_ARG', new RegExp(`pragma ${p} is read-only`)]),
    ];
    const settings = ['synchronous', 'wal_coalesce_ms', 'autocheckpoint_ms', 'autocheckpoint_pages', 'commit_max_frames', 'cache_size', 'page_size', 'page_count', 'wal_frames', 'freelist_count'].map((p) => db.pragma(p));
    for (const [what, call, code, message] of cases) await rejects(db, what, call, code, message);
    assert.deepEqual(['synchronous', 'wal_coalesce_ms', 'autocheckpoint_ms', 'autocheckpoint_pages', 'commit_max_frames', 'cache_size', 'page_size', 'page_count', 'wal_frames', 'freelist_count'].map((p) => db.pragma(p)), settings, 'a rejected pragma changes no setting');
    assert.equal(db.idOf('Zed'), null, 'a failed batch interns nothing');
    assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
});

test('Database.open rejects bad paths, unknown options (with a hint) and out-of-range values', async () => {
  const cases: Array<[string, () => Promise<Database>, RegExp]> = [
    ['empty path', () => Database.open(''), /path must be a non-empty string, got ""/],
    ['numeric path', () => Database.open(42 as never), /path must be a non-empty string, got number/],
    ['readonly', () => Database.open(':memory:', { readonly: true } as never), /^unknown option "readonly"; did you mean "readOnly"\? \(known: createIfMissing, readOnly, /],
    ['Synchronous', () => Database.open(':memory:', { Synchronous: 'full' } as never), /unknown option "Synchronous"; did you mean "synchronous"\?/],
    ['pagesize', () => Database.open(':memory:', { pagesize: 4096 } as never), /did you mean "pageSize"\?/],
    ['commitCoalesceMS', () => Database.open(':memory:', { commitCoalesceMS: 1 } as never), /did you mean "commitCoalesceMs"\?/],
    ['frobnicate', () => Database.open(':memory:', { frobnicate: 1 } as never), /^unknown option "frobnicate" \(known: /],
    ['string options', () => Database.open(':memory:', 'full' as never), /options must be an object, got string/],
    ['array options', () => Database.open(':memory:', [] as never), /options must be an object, got an array/],
    ['null options', () => Database.open(':memory:', null as never), /options must be an object, got null/],
    ['synchronous', () => Database.open(':memory:', { synchronous: 'FULL' as never }), /option "synchronous" must be one of 'full', 'normal', 'off', got "FULL"/],
    ['pageSize', () => Database.open(':memory:', { pageSize: 1000 }), /option "pageSize" must be a power of two in \[4096, 65536\], got 1000/],
    ['pageSize too big', () => Database.open(':memory:', { pageSize: 131072 }), /option "pageSize" must be a power of two in \[4096, 65536\], got 131072/],
    ['cachePages', () => Database.open(':memory:', { cachePages: 2 }), /option "cachePages" must be an integer in \[16, \d+\], got 2/],
    ['commitCoalesceMs', () => Database.open(':memory:', { commitCoalesceMs: 1001 }), /option "commitCoalesceMs" must be an integer in \[0, 1000\], got 1001/],
    ['commitMaxFrames', () => Database.open(':memory:', { commitMaxFrames: 0 }), /option "commitMaxFrames" must be an integer in \[1, 1000000\], got 0/],
    ['autocheckpointMs', () => Database.open(':memory:', { autocheckpointMs: -5 }), /option "autocheckpointMs" must be an integer in \[1, 86400000\], got -5/],
    ['autocheckpointPages', () => Database.open(':memory:', { autocheckpointPages: 0.5 }), /option "autocheckpointPages" must be an integer in \[1, \d+\], got 0\.5/],
    ['walPreallocateBytes', () => Database.open(':memory:', { walPreallocateBytes: -1 }), /option "walPreallocateBytes" must be an integer in \[0, \d+\], got -1/],
    ['readOnly', () => Database.open(':memory:', { readOnly: 'yes' as never }), /option "readOnly" must be true or false, got "yes"/],
    ['createIfMissing', () => Database.open(':memory:', { createIfMissing: 1 as never }), /option "createIfMissing" must be true or false, got 1/],
  ];
  for (const [what, open, message] of cases) {
    let caught: unknown;
    try {
      const db = await open();
      await db.close();
    } catch (err) {
      caught = err;
    }
    check(caught, 'INVALID_ARG', message, what);
  }
  // openOn validates the same way.
  await assert.rejects(Database.openOn(new MemVfs(), PATH, { readonly: true } as never), (err: unknown) => {
    check(err, 'INVALID_ARG', /did you mean "readOnly"\?/, 'openOn readonly');
    return true;
  });
});

test('a Transaction used after commit or rollback throws TX_CLOSED, for reads and writes', async () => {
  const { db } = await fixture();
  try {
    const before = dump(db, MAX_ID, POOLS);
    const committed = await db.beginWrite();
    await committed.commit();
    const rolledBack = await db.beginWrite();
    rolledBack.createNode('Zed');
    rolledBack.rollback();
    let escaped: import('../../src/index.js').Transaction | null = null;
    await db.transaction((tx) => {
      escaped = tx;
    });
    const thrown = await db.beginWrite();
    thrown.rollback();
    for (const [tx, state] of [[committed, /already committed/], [rolledBack, /already rolled back/], [escaped!, /already committed/], [thrown, /already rolled back/]] as const) {
      assert.equal(tx.active, false);
      const calls: Array<[string, () => unknown]> = [
        ['createNode', () => tx.createNode('Zed')],
        ['createNodeIds', () => tx.createNodeIds([1])],
        ['updateNode', () => tx.updateNode(1, { set: { zprop: 1 } })],
        ['deleteNode', () => tx.deleteNode(3)],
        ['createEdge', () => tx.createEdge(1, 2, 'ZEDGE')],
        ['updateEdge', () => tx.updateEdge(1, {})],
        ['deleteEdge', () => tx.deleteEdge(1)],
        ['intern', () => tx.intern('Zed')],
        ['createIndex', () => tx.createIndex('User', 'age')],
        ['dropIndex', () => tx.dropIndex('User', 'name')],
        ['rebuildIndex', () => tx.rebuildIndex('User', 'name')],
        ['getNode', () => tx.getNode(1)],
        ['neighbors', () => tx.neighbors(1)],
        ['nodeCount', () => tx.nodeCount()],
        ['findNodes', () => tx.findNodes('User', 'name', 'Ada')],
        ['nodesWithLabel', () => [...tx.nodesWithLabel('User')]],
        ['idOf', () => tx.idOf('User')],
        ['commit', () => tx.commit()],
      ];
      for (const [what, call] of calls) {
        let caught: unknown;
        try {
          await call();
        } catch (err) {
          caught = err;
        }
        check(caught, 'TX_CLOSED', state, `${what} after the end`);
      }
      tx.rollback(); // a no-op once ended
    }
    assert.deepEqual(dump(db, MAX_ID, POOLS), before);
    assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
});

test('a Database used after close throws CLOSED, and a ReadView used after db.read throws CLOSED', async () => {
  const { db } = await fixture();
  let view: import('../../src/index.js').ReadView | null = null;
  db.read((v) => {
    view = v;
  });
  const asyncView = await db.read(async (v) => {
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(v.nodeCount(), 3, 'an async read keeps its view until it settles');
    return v;
  });
  for (const v of [view!, asyncView]) {
    for (const [what, call] of [
      ['getNode', () => v.getNode(1)],
      ['neighbors', () => v.neighbors(1)],
      ['nodeCount', () => v.nodeCount()],
      ['findNodes', () => v.findNodes('User', 'name', 'Ada')],
      ['nodesWithLabel', () => [...v.nodesWithLabel('User')]],
      ['listIndexes', () => v.listIndexes()],
      ['idOf', () => v.idOf('User')],
    ] as Array<[string, () => unknown]>) {
      assert.throws(call, (err: unknown) => (check(err, 'CLOSED', /the read view was released/, `view.${what}`), true));
    }
  }
  const tx = await db.beginWrite();
  tx.createNode('Zed');
  const iterator = db.nodesWithLabel('User');
  await db.close();
  assert.equal(db.closed, true);
  assert.equal(tx.active, false, 'close ends the open transaction');
  const calls: Array<[string, () => unknown]> = [
    ['getNode', () => db.getNode(1)],
    ['hasEdge', () => db.hasEdge(1)],
    ['neighbors', () => db.neighbors(1)],
    ['bfs', () => db.bfs(1, 1)],
    ['nodeCount', () => db.nodeCount()],
    ['findNodes', () => db.findNodes('User', 'name', 'Ada')],
    ['listIndexes', () => db.listIndexes()],
    ['idOf', () => db.idOf('User')],
    ['nodesWithLabel', () => [...db.nodesWithLabel('User')]],
    ['an iterator made before close', () => [...iterator]],
    ['createNode', () => db.createNode('User')],
    ['updateNode', () => db.updateNode(1, { set: { age: 1 } })],
    ['deleteEdge', () => db.deleteEdge(1)],
    ['createIndex', () => db.createIndex('User', 'age')],
    ['intern', () => db.intern('Brand new')],
    ['transaction', () => db.transaction(() => 1)],
    ['beginWrite', () => db.beginWrite()],
    ['mutateMany', () => db.mutateMany([{ op: 'createNode', labels: ['User'] }])],
    ['read', () => db.read((v) => v.nodeCount())],
    ['pragma', () => db.pragma('synchronous')],
    ['stats', () => db.stats()],
    ['verify', () => db.verify()],
    ['checkpoint', () => db.checkpoint()],
  ];
  for (const [what, call] of calls) {
    let caught: unknown;
    try {
      await call();
    } catch (err) {
      caught = err;
    }
    check(caught, 'CLOSED', /is closed/, `db.${what} after close`);
  }
  await db.close(); // closing twice is fine
});

test('a read-only database refuses every write with READ_ONLY and still reads', async () => {
  const { mem, db } = await fixture();
  const before = dump(db, MAX_ID, POOLS);
  await db.close();
  const ro = await Database.openOn(mem, PATH, { ...OPTIONS, readOnly: true });
  try {
    assert.deepEqual(dump(ro, MAX_ID, POOLS), before, 'reads work');
    const writes: Array<[string, () => unknown]> = [
      ['createNode', () => ro.createNode('User', { name: 'x' })],
      ['updateNode', () => ro.updateNode(1, { set: { age: 1 } })],
      ['deleteNode', () => ro.deleteNode(3)],
      ['createEdge', () => ro.createEdge(1, 2, 'KNOWS')],
      ['updateEdge', () => ro.updateEdge(1, { set: { since: 1 } })],
      ['deleteEdge', () => ro.deleteEdge(1)],
      ['createIndex', () => ro.createIndex('User', 'age')],
      ['dropIndex', () => ro.dropIndex('User', 'name')],
      ['rebuildIndex', () => ro.rebuildIndex('User', 'name')],
      ['intern (a new name)', () => ro.intern('Brand new')],
      ['transaction', () => ro.transaction(() => 1)],
      ['beginWrite', () => ro.beginWrite()],
      ['mutateMany', () => ro.mutateMany([{ op: 'createNode', labels: ['User'] }])],
      ['checkpoint', () => ro.checkpoint()],
    ];
    for (const [what, call] of writes) await rejects(ro, `read-only ${what}`, call, 'READ_ONLY', /opened read-only/);
    assert.equal(await ro.intern('User'), ro.idOf('User'), 'interning a known name writes nothing and works');
    assert.deepEqual(ro.verify().problems, []);
  } finally {
    await ro.close();
  }
  // A read-only open never creates a database.
  await assert.rejects(Database.openOn(new MemVfs(), PATH, { ...OPTIONS, readOnly: true }), (err: unknown) => (check(err, 'NOT_FOUND', /does not exist \(read-only open never creates one\)/, 'read-only open of nothing'), true));
});

test('a second open of the same file is LOCKED, naming the owner; the first keeps working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sombra-lock-'));
  const path = join(dir, 'locked.sombra');
  const first = await Database.open(path, OPTIONS);
  try {
    await first.createNode('User', { name: 'owner' });
    for (const options of [OPTIONS, { ...OPTIONS, readOnly: true }]) {
      await assert.rejects(Database.open(path, options), (err: unknown) => {
        check(err, 'LOCKED', /locked\.sombra is locked by this process \(another open handle\); lock file .*locked\.sombra-lock/, 'second open');
        assert.equal((err as { ownerPid?: number }).ownerPid, process.pid);
        return true;
      });
    }
    assert.deepEqual(first.getNode(1)?.props, { name: 'owner' });
    await first.createNode('User', { name: 'still writable' });
    assert.equal(first.nodeCount(), 2);
  } finally {
    await first.close();
  }
  // Closed: the lock is gone and the file opens again.
  const again = await Database.open(path, OPTIONS);
  try {
    assert.equal(again.nodeCount(), 2);
    assert.deepEqual(again.verify().problems, []);
  } finally {
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  }
  // The same on one in-memory file system.
  const mem = new MemVfs();
  const a = await Database.openOn(mem, PATH, OPTIONS);
  try {
    await assert.rejects(Database.openOn(mem, PATH, OPTIONS), (err: unknown) => (check(err, 'LOCKED', /./, 'second openOn'), true));
  } finally {
    await a.close();
  }
});
