// sombra shell and sombra query: through a pipe (statement by statement,
// exit 1 at the first error) and through a pseudo-terminal made by util-linux
// `script` (prompts, multi-line statements, Ctrl-C cancelling a running query
// without leaving, history written to $SOMBRA_HISTORY).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Database } from '../../src/index.js';
import { MAIN_TS, REPO_ROOT, run, runChild, withTempDir } from './cli-helpers.js';

async function makeGraph(file: string): Promise<void> {
  const db = await Database.open(file, { walPreallocateBytes: 0 });
  await db.transaction((tx) => {
    const ada = tx.createNode(['User', 'Admin'], { name: 'Ada', born: new Date('1815-12-10T00:00:00Z'), big: 2n ** 60n });
    const alan = tx.createNode(['User'], { name: 'Alan' });
    tx.createEdge(ada, alan, 'KNOWS', { since: 1950 });
  });
  await db.createIndex('User', 'name');
  await db.close();
}

test('query prints a table, json, csv and ndjson; --param values are JSON or strings', async () => {
  await withTempDir(async (dir) => {
    const db = path.join(dir, 'g.sombra');
    await makeGraph(db);
    const q = 'MATCH (u:User) WHERE u.name = $name RETURN u.name AS name, u.born AS born, u.big AS big';
    const table = await run('query', db, q, '--param', 'name=Ada');
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /│ name +│ born +│ big +│/);
    assert.match(table.out, /│ "Ada" │ datetime\("1815-12-10T00:00:00.000Z"\) │ 1152921504606846976 │/);
    assert.match(table.err, /^1 row \(/);
    const json = await run('query', db, q, '--param', 'name="Ada"', '--format', 'json');
    assert.equal(json.code, 0, json.err);
    assert.match(json.out, /"big": 1152921504606846976/, 'bigints are exact JSON numbers');
    assert.deepEqual(JSON.parse(json.out).rows[0].born, '1815-12-10T00:00:00.000Z');
    const csv = await run('query', db, 'MATCH (u:User) RETURN u.name AS name, u.born AS born ORDER BY name', '--format', 'csv');
    assert.equal(csv.out, 'name,born\nAda,1815-12-10T00:00:00.000Z\nAlan,');
    const nd = await run('query', db, 'MATCH (u:User) RETURN u.name AS name ORDER BY name', '--format', 'ndjson');
    assert.equal(nd.out, '{"name":"Ada"}\n{"name":"Alan"}');
    const nodes = await run('query', db, 'MATCH (u:User {name: $n})-[r]->(v) RETURN u, r, v', '--param', 'n=Ada', '--json');
    const row = JSON.parse(nodes.out).rows[0];
    assert.deepEqual(row.r, { '~id': 1, '~type': 'KNOWS', '~start': 1, '~end': 2, since: 1950 });
    const write = await run('query', db, 'CREATE (:Tmp {x: $x})', '--param', 'x=[1,2]');
    assert.equal(write.code, 0, write.err);
    assert.match(write.err, /1 node created, 1 label added, 1 property set/);
    const explain = await run('query', db, 'EXPLAIN MATCH (u:User {name: "Ada"}) RETURN u');
    assert.equal(explain.code, 0, explain.err);
    assert.match(explain.out, /ProduceResults/);
    const bad = await run('query', db, 'MATCH (n RETURN n');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /^error CYPHER_SYNTAX: .*line 1, column 10/);
    const spec = path.join(dir, 'spec.json');
    fs.writeFileSync(spec, JSON.stringify((await (async () => {
      const g = await Database.open(db, { readOnly: true });
      try {
        return g.query().nodes('User').where('n0', (b) => b.eq('name', 'Alan')).select('n0.name').toSpec();
      } finally {
        await g.close();
      }
    })())));
    const bySpec = await run('query', db, '--spec', spec, '--format', 'ndjson');
    assert.equal(bySpec.code, 0, bySpec.err);
    assert.match(bySpec.out, /"Alan"/);
  });
});

test('piped shell input runs statement by statement and stops at the first error with exit 1', async () => {
  await withTempDir(async (dir) => {
    const db = path.join(dir, 'g.sombra');
    await makeGraph(db);
    const input = ['MATCH (u:User)', 'RETURN u.name AS name', 'ORDER BY name;', ':schema', ':format ndjson', "RETURN 'a;b' AS s; // a comment; with semicolons", 'MATCH (n RETURN n;', 'RETURN 2 AS never;', ''].join('\n');
    const r = runChild(['shell', db], { input });
    assert.equal(r.code, 1);
    assert.match(r.out, /│ "Ada"  │\n│ "Alan" │/);
    assert.match(r.out, /labels \(2\):\n  :Admin  1 node\n  :User  2 nodes/);
    assert.match(r.out, /relationship types \(1\):\n  :KNOWS  1 relationship/);
    assert.match(r.out, /indexes \(1\):\n  :User\(name\)  2 nodes/);
    assert.match(r.out, /\{"s":"a;b"\}/);
    assert.doesNotMatch(r.out, /never/);
    // The statement starts at line 6 with the comment after the previous ';': its line 2 is input line 7.
    assert.match(r.err, /^stdin:6: error CYPHER_SYNTAX: .*\(line 2, column 10\)/, 'the error names where the statement starts');
    const txInput = ':begin\nCREATE (:Tmp);\n:rollback\n:begin\nCREATE (:Kept);\n:commit\n:format table\nMATCH (t:Tmp) RETURN count(t) AS tmp;\nMATCH (k:Kept) RETURN count(k) AS kept\n';
    const cont = runChild(['shell', db, '--continue-on-error'], { input: input + txInput });
    assert.equal(cont.code, 1, 'an error happened, even if the rest ran');
    assert.match(cont.out, /\{"never":2\}/);
    assert.match(cont.out, /transaction started\n/);
    assert.match(cont.out, /rolled back/);
    assert.match(cont.out, /│ tmp │\n├─+┤\n│ 0 +│/);
    assert.match(cont.out, /│ kept │\n├─+┤\n│ 1 +│/, 'the last statement runs without its ;');
  });
});

/** Drives `sombra shell` in a pseudo-terminal (util-linux script). */
function ptyShell(db: string, history: string) {
  const command = [process.execPath, '--import', 'tsx', MAIN_TS, 'shell', db].map((s) => `'${s}'`).join(' ');
  const child = spawn('script', ['-q', '-e', '-c', `stty cols 80 rows 40; exec ${command}`, '/dev/null'], {
    cwd: REPO_ROOT,
    env: { ...process.env, SOMBRA_HISTORY: history, TERM: 'xterm' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    send: (text: string) => child.stdin.write(text),
    /** Waits until the output (from `from` on) matches `re`. */
    async waitFor(re: RegExp, from = 0): Promise<number> {
      for (let i = 0; i < 600; i++) {
        const m = re.exec(output.slice(from));
        if (m) return from + m.index + m[0].length;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${re}; output so far:\n${output}`);
    },
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}

test('the shell in a terminal: prompts, multi-line input, Ctrl-C cancels a running query, history is kept', async () => {
  await withTempDir(async (dir) => {
    const db = path.join(dir, 'g.sombra');
    const history = path.join(dir, 'history');
    await makeGraph(db);
    const sh = ptyShell(db, history);
    try {
      let at = await sh.waitFor(/sombra> /);
      sh.send('MATCH (u:User)\r');
      at = await sh.waitFor(/ -> /, at);
      sh.send('RETURN count(u) AS users;\r');
      at = await sh.waitFor(/│ 2 +│[\s\S]*1 row[\s\S]*sombra> /, at);
      // 5e7 rows of ~10^2 steps each: no machine finishes before the Ctrl-C.
      sh.send('UNWIND range(1, 50000) AS a UNWIND range(1, 1000) AS b RETURN reduce(s = a, x IN range(1, 100) | s + b) AS x;\r');
      at = await sh.waitFor(/AS x;/, at);
      await new Promise((r) => setTimeout(r, 1500));
      sh.send('\u0003');
      at = await sh.waitFor(/error CANCELLED[\s\S]*sombra> /, at);
      sh.send('MATCH (n\r');
      at = await sh.waitFor(/ -> /, at);
      sh.send('\u0003');
      at = await sh.waitFor(/sombra> /, at);
      sh.send('RETURN 42 AS answer;\r');
      at = await sh.waitFor(/│ 42 +│[\s\S]*sombra> /, at);
      sh.send(':quit\r');
      assert.equal(await sh.exited, 0);
    } finally {
      sh.kill();
    }
    const lines = fs.readFileSync(history, 'utf8').split('\n');
    assert.ok(lines.includes('RETURN count(u) AS users;'), `history: ${lines.join(' | ')}`);
    assert.ok(lines.includes('RETURN 42 AS answer;'));
  });
});
