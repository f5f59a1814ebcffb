// Files written by each released format version must keep opening (DESIGN §9).
// test/fixtures/format-v1 was written once with format version 1:
//   index (User, name); in one transaction Ada (labels User, Admin; every value
//   type, a 3000-byte string), Alan, Grace, KNOWS Ada->Alan {since: 1950},
//   KNOWS Alan->Grace, FOLLOWS Grace->Ada, 500 Visitor nodes {n: i}; then a Temp
//   node created and deleted; closed (checkpointed). Its log holds a new header
//   and frames of the old generation, which must be ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/index.js';

const FIXTURE = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'fixtures', 'format-v1');

test('a format-v1 database opens, reads the same, verifies, and accepts writes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-fixture-'));
  try {
    for (const name of fs.readdirSync(FIXTURE)) if (name.startsWith('graph.sombra')) fs.copyFileSync(path.join(FIXTURE, name), path.join(dir, name));
    const file = path.join(dir, 'graph.sombra');
    const db = await Database.open(file, { walPreallocateBytes: 0 });
    try {
      assert.equal(db.pragma('page_size'), 4096);
      assert.equal(db.nodeCount(), 503);
      assert.equal(db.edgeCount(), 3);
      assert.equal(db.countNodesWithLabel('Visitor'), 500);
      assert.equal(db.countNodesWithLabel('Temp'), 0);
      const [ada] = db.findNodes('User', 'name', 'Ada');
      assert.ok(ada !== undefined, 'the index finds Ada');
      const node = db.getNode(ada)!;
      assert.deepEqual(node.labels.sort(), ['Admin', 'User']);
      assert.deepEqual(node.props, {
        name: 'Ada',
        born: 1815,
        score: 0.5,
        admin: true,
        bio: 'x'.repeat(3000),
        joined: new Date(Date.UTC(2020, 0, 2)),
        big: 2n ** 60n,
        blob: new Uint8Array([1, 2, 3]),
        none: null,
      });
      const alan = db.findNodes('User', 'name', 'Alan')[0]!;
      assert.deepEqual(db.neighbors(ada).map((n) => [n.nodeId, n.type]), [[alan, 'KNOWS']]);
      assert.deepEqual(db.getEdge(db.neighbors(ada)[0]!.edgeId)!.props, { since: 1950 });
      assert.deepEqual(db.findNodesInRange('User', 'born', { lt: 1910 }).length, 2);
      assert.deepEqual(db.verify().problems, []);
      const added = await db.createNode('User', { name: 'Bo' });
      assert.deepEqual(db.findNodes('User', 'name', 'Bo'), [added]);
      assert.ok(added > 504, 'ids are never reused, not even the deleted Temp node\'s');
    } finally {
      await db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
