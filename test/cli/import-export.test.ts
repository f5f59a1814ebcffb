// sombra import / export: the neo4j-admin CSV format both ways, byte-identical
// round trips over random graphs with every storable value type, and bad input
// that is reported as file:line and leaves the database as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Database } from '../../src/index.js';
import { run, runChild, withTempDir } from './cli-helpers.js';

const USERS = [
  'uid:ID(User),name,age:int,score:double,active:boolean,born:date,seen:datetime,big:long,raw:byte[],tags:string[],ns:int[],:LABEL',
  'u1,Ada,36,0.5,true,1815-12-10,2024-01-02T03:04:05.678Z,9007199254740993,1;2;255,math;poetry,1;2,User;Admin',
  'u2,"Lovelace, A. ""the first""",,,,,,,,,,User',
  'u3,"multi',
  'line",7,-0.0,false,,2024-01-02T03:04:05Z,-9223372036854775808,"","",,User',
].join('\n');
const KNOWS = [':START_ID(User),:END_ID(User),:TYPE,since:int', 'u1,u2,KNOWS,1950', 'u2,u3,FOLLOWS,'].join('\n');

async function snapshot(file: string): Promise<string> {
  const db = await Database.open(file, { createIfMissing: false, readOnly: true });
  try {
    const parts: string[] = [];
    const text = (x: unknown): string =>
      JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Array.from(v) : typeof v === 'number' && !Number.isFinite(v) ? String(v) : Object.is(v, -0) ? '-0' : v));
    for (let id = 1; id <= 50; id++) {
      const n = db.getNode(id);
      if (n) parts.push(text({ ...n, labels: [...n.labels].sort() }));
      const e = db.getEdge(id);
      if (e) parts.push(text(e));
    }
    return parts.join('\n');
  } finally {
    await db.close();
  }
}

test('import reads the neo4j-admin header, types, quoting and ID spaces; export writes them back', async () => {
  await withTempDir(async (dir) => {
    fs.writeFileSync(path.join(dir, 'users.csv'), USERS);
    fs.writeFileSync(path.join(dir, 'knows.csv'), KNOWS);
    const db = path.join(dir, 'g.sombra');
    const r = await run('import', db, '--nodes', path.join(dir, 'users.csv'), '--relationships', path.join(dir, 'knows.csv'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /imported 3 nodes and 2 relationships/);
    const g = await Database.open(db, { readOnly: true });
    try {
      const ada = g.getNode(1)!;
      assert.deepEqual(ada.labels.sort(), ['Admin', 'User']);
      assert.equal(ada.props.name, 'Ada');
      assert.equal(ada.props.uid, 'u1', 'a named ID column is stored as a property');
      assert.equal(ada.props.big, 9007199254740993n);
      assert.deepEqual(ada.props.raw, new Uint8Array([1, 2, 255]));
      assert.deepEqual(ada.props.tags, ['math', 'poetry']);
      assert.deepEqual(ada.props.ns, [1, 2]);
      assert.equal((ada.props.born as Date).toISOString(), '1815-12-10T00:00:00.000Z');
      assert.equal(g.getNode(2)!.props.name, 'Lovelace, A. "the first"');
      assert.equal(g.getNode(2)!.props.age, undefined, 'an empty field is an absent property');
      const u3 = g.getNode(3)!;
      assert.equal(u3.props.name, 'multi\nline');
      assert.ok(Object.is(u3.props.score, -0), 'score -0.0 stays a float -0');
      assert.deepEqual(u3.props.raw, new Uint8Array(0), 'a quoted empty byte[] is empty bytes');
      assert.deepEqual(u3.props.tags, [], 'a quoted empty string[] is the empty list');
      assert.deepEqual(g.getEdge(1), { id: 1, src: 1, dst: 2, type: 'KNOWS', props: { since: 1950 } });
      assert.equal(g.getEdge(2)!.type, 'FOLLOWS');
    } finally {
      await g.close();
    }
    const out = path.join(dir, 'out');
    const e = await run('export', db, '--out', out);
    assert.equal(e.code, 0, e.err);
    const nodes = fs.readFileSync(path.join(out, 'nodes.csv'), 'utf8');
    assert.equal(nodes.split('\n')[0], ':ID,:LABEL,active:boolean,age:long,big:long,born:datetime,name:string,ns:long[],raw:byte[],score:double,seen:datetime,tags:string[],uid:string');
    assert.match(nodes, /^1,Admin;User,true,36,9007199254740993,1815-12-10T00:00:00.000Z,Ada,1;2,1;2;255,0.5,2024-01-02T03:04:05.678Z,math;poetry,u1$/m);
    assert.match(nodes, /^3,User,false,7,-9223372036854775808,,"multi\nline",,"",-0.0,2024-01-02T03:04:05.000Z,"",u3$/m);
    assert.equal(fs.readFileSync(path.join(out, 'relationships.csv'), 'utf8'), ':START_ID,:END_ID,:TYPE,since:long\n1,2,KNOWS,1950\n2,3,FOLLOWS,\n');
  });
});

test('bad input is reported as file:line and leaves the database unchanged', async () => {
  await withTempDir(async (dir) => {
    const db = path.join(dir, 'g.sombra');
    const users = path.join(dir, 'users.csv');
    fs.writeFileSync(users, USERS);
    assert.equal((await run('import', db, '--nodes', users)).code, 0);
    const before = await snapshot(db);
    const cases: Array<[string, string, RegExp]> = [
      ['nodes', 'id:ID,n:int,:LABEL\na,1,X\nb,x,X\n', /bad\.csv:3: column 2 \(n:int\): "x" is not an integer/],
      ['nodes', 'id:ID,n:int,:LABEL\na,1,X\nb,2\n', /bad\.csv:3: the row has 2 field\(s\), the header has 3/],
      ['nodes', 'id:ID,n:int,:LABEL\na,1,X\na,2,X\n', /bad\.csv:3: duplicate id "a" in the default ID space/],
      ['nodes', 'id:ID,n:point,:LABEL\na,1,X\n', /bad\.csv:1: header field 2 "n:point": type point is not supported/],
      ['nodes', 'id:ID,n:wibble\n', /bad\.csv:1: header field 2 "n:wibble": unknown type "wibble"/],
      ['nodes', 'id:ID,n:boolean,:LABEL\na,yes,X\n', /bad\.csv:2: column 2 \(n:boolean\): "yes" is not a boolean/],
      ['nodes', 'id:ID,d:date,:LABEL\na,2024-13-45,X\n', /bad\.csv:2: column 2 \(d:date\): "2024-13-45" is not a date/],
      ['nodes', 'id:ID,n:int,:LABEL\na,1,\n', /bad\.csv:2: the node has no label/],
      ['nodes', 'id:ID,s,:LABEL\na,"unterminated,X\n', /bad\.csv:\d+: .*(quote|Quote)/],
      ['relationships', ':START_ID(User),:END_ID(User),:TYPE\nu1,u9,KNOWS\n', /bad\.csv:2: END_ID "u9" is not the id of an imported node in ID space "User"/],
      ['relationships', ':START_ID(User),:END_ID(User)\nu1,u2\n', /bad\.csv:2: no relationship type/],
    ];
    for (const [kind, text, expected] of cases) {
      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, text);
      const args = kind === 'nodes' ? ['--nodes', bad] : ['--nodes', users, '--relationships', bad];
      const r = await run('import', db, ...args);
      assert.equal(r.code, 1, `exit code for ${JSON.stringify(text)}`);
      assert.match(r.err, expected);
      assert.equal(r.err.split('\n')[0]!.startsWith('error INVALID_ARG: '), true, r.err);
      assert.equal(await snapshot(db), before, `database unchanged after ${JSON.stringify(text)}`);
      assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('-tmp')), [], 'no staging file left');
    }
  });
});

test('--skip-bad-rows imports the good rows and writes the bad ones to the report', async () => {
  await withTempDir(async (dir) => {
    const db = path.join(dir, 'g.sombra');
    const bad = path.join(dir, 'nodes.csv');
    const report = path.join(dir, 'rejected.txt');
    fs.writeFileSync(bad, 'id:ID,n:int,:LABEL\na,1,X\nb,oops,X\nc,3,X\na,4,X\n');
    const r = await run('import', db, '--nodes', bad, '--skip-bad-rows', '--report-file', report, '--json');
    assert.equal(r.code, 0, r.err);
    const summary = JSON.parse(r.out);
    assert.equal(summary.nodes, 2);
    assert.equal(summary.badRows, 2);
    const text = fs.readFileSync(report, 'utf8');
    assert.match(text, /nodes\.csv:3: column 2 \(n:int\): "oops" is not an integer\n\tb,oops,X\n/);
    assert.match(text, /nodes\.csv:5: duplicate id "a"/);
  });
});

test('header files, group labels, TAB delimiter, --array-delimiter, --quote and --id-type integer', async () => {
  await withTempDir(async (dir) => {
    const db = path.join(dir, 'g.sombra');
    fs.writeFileSync(path.join(dir, 'h.tsv'), 'id:ID\tname\ttags:byte[]\t:LABEL\n');
    fs.writeFileSync(path.join(dir, 'p1.tsv'), "1\t'a\tb'\t1|2\tX|Y\n");
    fs.writeFileSync(path.join(dir, 'p2.tsv'), '02\tc\t\tY\n');
    fs.writeFileSync(path.join(dir, 'r.tsv'), ':START_ID\t:END_ID\n2\t1\n');
    const files = ['h.tsv', 'p1.tsv', 'p2.tsv'].map((f) => path.join(dir, f)).join(',');
    const r = await run('import', db, '--nodes', `Person:Thing=${files}`, '--relationships', `LIKES=${path.join(dir, 'r.tsv')}`, '--delimiter', 'TAB', '--array-delimiter', '|', '--quote', "'", '--id-type', 'integer');
    assert.equal(r.code, 0, r.err);
    const g = await Database.open(db, { readOnly: true });
    try {
      assert.deepEqual(g.getNode(1), { id: 1, labels: g.getNode(1)!.labels, props: { id: 1, name: 'a\tb', tags: new Uint8Array([1, 2]) } });
      assert.deepEqual([...g.getNode(1)!.labels].sort(), ['Person', 'Thing', 'X', 'Y']);
      assert.equal(g.getNode(2)!.props.id, 2, 'integer ids: 02 is 2');
      assert.deepEqual(g.getEdge(1), { id: 1, src: 2, dst: 1, type: 'LIKES', props: {} });
    } finally {
      await g.close();
    }
  });
});

// Random graphs with every value the CSV format carries (null has no CSV
// form, and lists of mixed types are refused by export: both left out): import -> export -> import -> export is identical.
const keyArb = fc.constantFrom('name', 'n', 'x,y', 'quo"te', 'ünï', 'a:b', 'sp ace');
const valueArb = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', ' lead', 'trail ', 'a\nb', 'a\r\nb', '"', ',', ';'),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double(),
  fc.boolean(),
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }),
  fc.uint8Array({ maxLength: 5 }),
  fc.array(fc.string({ minLength: 1 }).filter((x) => !x.includes(';')), { maxLength: 3 }),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 3 }),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
  fc.array(fc.date({ noInvalidDate: true }), { minLength: 1, maxLength: 2 }),
);
const propsArb = fc.dictionary(keyArb, valueArb, { maxKeys: 4 });
const graphArb = fc.record({
  nodes: fc.array(fc.record({ labels: fc.uniqueArray(fc.constantFrom('User', 'Admin', 'Ünï', 'x y', 'a,b'), { minLength: 1, maxLength: 3 }), props: propsArb }), { minLength: 1, maxLength: 12 }),
  edges: fc.array(fc.record({ src: fc.nat(), dst: fc.nat(), type: fc.constantFrom('KNOWS', 'LIKES', 'R,"1"'), props: propsArb }), { maxLength: 15 }),
});

test('export -> import -> export is byte-identical over random graphs with every value type', async () => {
  await withTempDir(async (dir) => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(graphArb, async (graph) => {
        const base = path.join(dir, `r${round++}`);
        fs.mkdirSync(base);
        const db0 = path.join(base, 'g0.sombra');
        const g = await Database.open(db0, { walPreallocateBytes: 0 });
        await g.transaction((tx) => {
          const ids = graph.nodes.map((n) => tx.createNode(n.labels, n.props));
          for (const e of graph.edges) tx.createEdge(ids[e.src % ids.length]!, ids[e.dst % ids.length]!, e.type, e.props);
        });
        await g.close();
        const exports: string[] = [];
        let source = db0;
        for (let i = 1; i <= 2; i++) {
          const out = path.join(base, `out${i}`);
          const e = await run('export', source, '--out', out, '-q');
          assert.equal(e.code, 0, e.err);
          exports.push(fs.readFileSync(path.join(out, 'nodes.csv'), 'utf8') + fs.readFileSync(path.join(out, 'relationships.csv'), 'utf8'));
          source = path.join(base, `g${i}.sombra`);
          const r = await run('import', source, '--nodes', path.join(out, 'nodes.csv'), '--relationships', path.join(out, 'relationships.csv'), '-q');
          assert.equal(r.code, 0, `${r.err}\n${exports[exports.length - 1]}`);
        }
        assert.equal(await snapshot(path.join(base, 'g1.sombra')), await snapshot(path.join(base, 'g2.sombra')));
        const again = path.join(base, 'out3');
        assert.equal((await run('export', source, '--out', again, '-q')).code, 0);
        exports.push(fs.readFileSync(path.join(again, 'nodes.csv'), 'utf8') + fs.readFileSync(path.join(again, 'relationships.csv'), 'utf8'));
        assert.equal(exports[1], exports[0]);
        assert.equal(exports[2], exports[1]);
        fs.rmSync(base, { recursive: true, force: true });
      }),
      { numRuns: 20, seed: 20261202 },
    );
  });
});

test('an import through pipes (not a terminal) prints the summary and no progress output', async () => {
  await withTempDir(async (dir) => {
    const users = path.join(dir, 'users.csv');
    fs.writeFileSync(users, USERS);
    const r = runChild(['import', path.join(dir, 'g.sombra'), '--nodes', users]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '', 'nothing on stderr');
    assert.doesNotMatch(r.out, /\r|\u001b|%|ETA/, 'no progress bar or escape codes');
    assert.match(r.out, /^.*g\.sombra: imported 3 nodes and 0 relationships in [\d.]+ s\n  nodes +3\n/);
    const q = runChild(['import', path.join(dir, 'g.sombra'), '--nodes', users, '--quiet']);
    assert.equal(q.code, 0, q.err);
    assert.equal(q.out + q.err, '', '--quiet prints nothing');
  });
});
