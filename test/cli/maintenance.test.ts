// init / seed-demo, pragma, doctor, inspect, vacuum --into and verify --level
// on real files, with their output and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Database } from '../../src/index.js';
import { run, withTempDir } from './cli-helpers.js';

test('init creates a database once; --demo and seed-demo write the same deterministic demo graph', async () => {
  await withTempDir(async (dir) => {
    const a = path.join(dir, 'a.sombra');
    const b = path.join(dir, 'b.sombra');
    const r = await run('init', a, '--demo');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /demo graph written/);
    const again = await run('init', a);
    assert.equal(again.code, 1);
    assert.match(again.err, /already exists/);
    assert.equal((await run('seed-demo', b, '-q')).code, 0);
    for (const f of [a, b]) assert.equal((await run('export', f, '--out', `${f}.out`, '-q')).code, 0);
    for (const name of ['nodes.csv', 'relationships.csv']) {
      assert.equal(fs.readFileSync(path.join(`${a}.out`, name), 'utf8'), fs.readFileSync(path.join(`${b}.out`, name), 'utf8'), `${name} identical`);
    }
    const header = fs.readFileSync(path.join(`${a}.out`, 'nodes.csv'), 'utf8').split('\n')[0]!;
    for (const col of ['active:boolean', 'avatar:byte[]', 'born:datetime', 'karma:long', 'score:double', 'tags:string[]', 'name:string']) assert.ok(header.includes(col), `demo has ${col}: ${header}`);
    const db = await Database.open(a, { readOnly: true });
    try {
      assert.equal(db.countNodesWithLabel('Person'), 2000);
      assert.deepEqual(db.getNode(1)!.props.name, 'Ada Lovelace');
      assert.equal(db.listIndexes().length, 4);
      assert.ok(db.countEdgesWithType('KNOWS') > 2000);
      assert.equal(typeof db.getNode(1)!.props.karma, 'bigint');
    } finally {
      await db.close();
    }
    const empty = await run('init', path.join(dir, 'e.sombra'), '--json');
    assert.deepEqual(JSON.parse(empty.out), { nodes: 0, edges: 0, indexes: [], pageSizeBytes: 8192 });
  });
});

test('pragma reads and sets; unknown names fail with the list', async () => {
  await withTempDir(async (dir) => {
    const db = path.join(dir, 'g.sombra');
    assert.equal((await run('init', db, '-q')).code, 0);
    assert.equal((await run('pragma', db, 'page_size')).out, '8192');
    assert.equal((await run('pragma', db, 'synchronous', 'normal')).out, 'normal');
    assert.deepEqual(JSON.parse((await run('pragma', db, 'cache_size', '--json')).out), { cache_size: 4096 });
    const bad = await run('pragma', db, 'nope');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /^error INVALID_ARG: .*nope/);
  });
});

test('doctor: healthy, leftovers and a lock are warnings (exit 0), corruption is a problem (exit 2)', async () => {
  await withTempDir(async (dir) => {
    const file = path.join(dir, 'g.sombra');
    const g = await Database.open(file, { walPreallocateBytes: 0 });
    await g.transaction((tx) => {
      for (let i = 0; i < 400; i++) tx.createNode('User', { name: `u${i}`, bio: 'x'.repeat(100) });
    });
    await g.close();
    const ok = await run('doctor', file);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /ok +verify: verify \(full\): no problems/);
    assert.match(ok.out, /healthy$/);
    fs.writeFileSync(`${file}.vacuum-tmp`, 'x');
    const open = await Database.open(file);
    try {
      const locked = await run('doctor', file, '--json');
      assert.equal(locked.code, 0);
      const report = JSON.parse(locked.out);
      const lock = report.checks.find((c: { name: string }) => c.name === 'lock');
      assert.match(lock.detail, new RegExp(`locked by process ${process.pid}`));
      assert.ok(report.checks.some((c: { name: string; status: string }) => c.name === 'leftovers' && c.status === 'warn'));
    } finally {
      await open.close();
    }
    fs.rmSync(`${file}.vacuum-tmp`);
    const bytes = fs.readFileSync(file);
    const last = Math.floor(bytes.length / 8192) - 1;
    bytes[last * 8192 + 100] = bytes[last * 8192 + 100]! ^ 0x55;
    fs.writeFileSync(file, bytes);
    const bad = await run('doctor', file, '--verify-level', 'fast');
    assert.equal(bad.code, 2, bad.out + bad.err);
    assert.match(bad.out, new RegExp(`PROBLEM  (open|verify): .*page ${last} of .*checksum mismatch`));
    assert.match(bad.out, /advice: /);
    const fast = await run('verify', file, '--level', 'fast');
    assert.equal(fast.code, 2);
    assert.match(fast.out, new RegExp(`problem: page ${last} of `));
  });
});

test('inspect decodes the header, a tree page, the log and a tree', async () => {
  await withTempDir(async (dir) => {
    const file = path.join(dir, 'g.sombra');
    const db = await Database.open(file, { walPreallocateBytes: 0, autocheckpointMs: null });
    try {
      await db.transaction((tx) => {
        for (let i = 0; i < 300; i++) tx.createNode('User', { name: `u${i}` });
      });
      const wal = JSON.parse((await run('inspect', file, 'wal', '--json')).out);
      assert.equal(wal['header valid (V1)'], true);
      assert.ok(wal['valid frames (V2)'] > 0, 'the commit is in the log');
      assert.equal(wal.frames[0].frame, 0);
      const locked = await run('inspect', file, 'header', '--json');
      assert.equal(locked.code, 0);
      assert.match(locked.err, /did not open: .*locked.*showing the bytes in the file/);
    } finally {
      await db.close();
    }
    const header = JSON.parse((await run('inspect', file, 'header', '--json')).out);
    assert.equal(header.magic, 'SOMBRADB');
    assert.equal(header['page size in bytes'], 8192);
    assert.equal(header['checksum ok'], true);
    assert.equal(typeof header['root table']['graph.nodes'], 'number');
    const root = header['root table']['graph.nodes'] as number;
    const page = JSON.parse((await run('inspect', file, 'page', String(root), '--json')).out);
    assert.match(page['page type'], /btree (leaf|interior)/);
    assert.ok(page['cell count'] > 0);
    const tree = await run('inspect', file, 'tree', 'nodes');
    assert.equal(tree.code, 0, tree.err);
    assert.match(tree.out, /tree: graph.nodes\nroot page: \d+\ndepth: \d/);
    assert.match(tree.out, /entries \(leaf cells\): 30\d/);
    const missing = await run('inspect', file, 'tree', 'nope');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no tree "nope"; the root table has graph.nodes/);
  });
});

test('vacuum --into writes a smaller copy with the same ids; the original is untouched', async () => {
  await withTempDir(async (dir) => {
    const file = path.join(dir, 'g.sombra');
    const g = await Database.open(file, { walPreallocateBytes: 0 });
    await g.transaction((tx) => {
      for (let i = 0; i < 2000; i++) tx.createNode('User', { name: `u${i}`, bio: 'y'.repeat(300) });
      for (let i = 1; i < 2000; i++) tx.createEdge(i, i + 1, 'NEXT');
    });
    await g.createIndex('User', 'name');
    await g.transaction((tx) => {
      for (let i = 1; i <= 2000; i++) if (i % 4 !== 0) tx.deleteNode(i, { cascade: true });
    });
    await g.close();
    const sizeBefore = fs.statSync(file).size;
    const copy = path.join(dir, 'c.sombra');
    const r = await run('vacuum', file, '--into', copy, '--json');
    assert.equal(r.code, 0, r.err);
    const summary = JSON.parse(r.out);
    assert.equal(summary.nodes, 500);
    assert.ok(summary.sizeAfterBytes < sizeBefore / 2, `smaller: ${summary.sizeAfterBytes} < ${sizeBefore}/2`);
    const c = await Database.open(copy, { readOnly: true });
    try {
      assert.deepEqual(c.getNode(400), { id: 400, labels: ['User'], props: { name: 'u399', bio: 'y'.repeat(300) } });
      assert.equal(c.getNode(399), null);
      assert.deepEqual(c.findNodes('User', 'name', 'u1999'), [2000]);
      assert.ok(c.verify().ok);
    } finally {
      await c.close();
    }
    assert.equal(fs.statSync(file).size, sizeBefore);
    assert.equal((await run('vacuum', file, '--into', copy)).code, 1, 'refuses to overwrite');
    assert.equal((await run('vacuum', file)).code, 1, 'needs --into or --in-place');
  });
});

test('export --format graphml declares its keys and writes every node and edge; jsonl one object per line', async () => {
  await withTempDir(async (dir) => {
    const file = path.join(dir, 'g.sombra');
    const g = await Database.open(file, { walPreallocateBytes: 0 });
    await g.transaction((tx) => {
      const a = tx.createNode(['User', 'Admin'], { name: 'A & <b>', n: 5, f: 0.5, ok: true, when: new Date(0), raw: new Uint8Array([1, 2]), tags: ['x', 'y'] });
      const b = tx.createNode('User', { name: 'B', n: 'five' });
      tx.createEdge(a, b, 'KNOWS', { since: 2020 });
    });
    await g.close();
    const out = path.join(dir, 'g.graphml');
    assert.equal((await run('export', file, '--format', 'graphml', '--out', out, '-q')).code, 0);
    const xml = fs.readFileSync(out, 'utf8');
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<graphml xmlns="http:\/\/graphml.graphdrawing.org\/xmlns">/);
    assert.match(xml, /<key id="(nk\d+)" for="node" attr.name="n" attr.type="long"\/>/);
    assert.match(xml, /<key id="nk\d+" for="node" attr.name="n" attr.type="string"\/>/, 'one key per property and type');
    assert.match(xml, /<graph id="G" edgedefault="directed">/);
    assert.match(xml, /<node id="n1"><data key="nk0">:User:Admin<\/data><data key="nk\d+">A &amp; &lt;b&gt;<\/data>/);
    assert.match(xml, /<edge id="e1" source="n1" target="n2"><data key="ek0">KNOWS<\/data><data key="ek1">2020<\/data><\/edge>/);
    assert.equal(xml.match(/<node /g)!.length, 2);
    const jsonl = path.join(dir, 'g.jsonl');
    assert.equal((await run('export', file, '--format', 'jsonl', '--out', jsonl, '-q')).code, 0);
    const lines = fs.readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines[0], { type: 'node', id: 1, labels: ['User', 'Admin'], properties: { name: 'A & <b>', n: 5, f: 0.5, ok: true, when: '1970-01-01T00:00:00.000Z', raw: 'AQI=', tags: ['x', 'y'] } });
    assert.deepEqual(lines[2], { type: 'relationship', id: 1, start: 1, end: 2, label: 'KNOWS', properties: { since: 2020 } });
  });
});
