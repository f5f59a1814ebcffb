// A small tour of Sombra on a real file: `npm run demo`.
// It builds a tiny social graph, queries it, shows group commit at work,
// closes, reopens, verifies, and removes its files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from 'sombradb';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-demo-'));
const file = path.join(dir, 'social.sombra');
const show = (label, value) => console.log(`${label.padEnd(34)} ${typeof value === 'string' ? value : JSON.stringify(value)}`);

try {
  let db = await Database.open(file); // synchronous: 'full' by default
  console.log(`opened ${file}\n`);

  // Auto-commit writes: each is one durable transaction.
  const ada = await db.createNode('User', { name: 'Ada', born: 1815 });
  const grace = await db.createNode('User', { name: 'Grace', born: 1906 });

  // One transaction, one fsync.
  const alan = await db.transaction(async (tx) => {
    const alan = tx.createNode(['User', 'Researcher'], { name: 'Alan', born: 1912 });
    tx.createEdge(ada, grace, 'FOLLOWS', { since: 1950 });
    tx.createEdge(grace, alan, 'FOLLOWS');
    tx.createEdge(alan, ada, 'FOLLOWS');
    tx.createEdge(alan, grace, 'FOLLOWS');
    return alan;
  });

  await db.createIndex('User', 'name');
  show('getNode(alan)', db.getNode(alan));
  show('who Ada follows', db.neighbors(ada).map((n) => db.getNode(n.nodeId).props.name));
  show("Grace's followers", db.neighbors(grace, { direction: 'in' }).map((n) => db.getNode(n.nodeId).props.name));
  show('findNodes(User, name, "Grace")', db.findNodes('User', 'name', 'Grace'));
  show('born before 1910', db.findNodesInRange('User', 'born', { lt: 1910 }));
  show('2 hops from Ada', db.bfs(ada, 2).map((v) => `${db.getNode(v.nodeId).props.name}@${v.depth}`).join(', '));

  // Queries: Cypher text and the builder, one engine.
  const cypher = await db.cypher(
    'MATCH (a:User)-[:FOLLOWS]->(b:User)-[:FOLLOWS]->(a) WHERE a.name < b.name RETURN a.name AS a, b.name AS b',
  );
  show('mutual follows (Cypher)', cypher.rows);
  const oldest = await db.query().nodes('User').select({ var: 'n0', prop: 'name', as: 'name' }, { var: 'n0', prop: 'born', as: 'born' }).orderBy('born').limit(2).execute();
  show('two oldest users (builder)', oldest);
  const plan = await db.cypher("EXPLAIN MATCH (u:User {name: 'Grace'})<-[:FOLLOWS]-(f) RETURN f.name");
  const ops = (p) => [p.operator, ...p.children.flatMap(ops)];
  show('plan of an indexed lookup', ops(plan.plan).join(' <- '));

  // Group commit: 200 concurrent durable commits share a handful of fsyncs.
  const before = db.stats();
  await Promise.all(Array.from({ length: 200 }, (_, i) => db.createNode('Visitor', { n: i })));
  const after = db.stats();
  show('200 concurrent createNode calls', `${after.commits - before.commits} commits, ${after.logSyncs - before.logSyncs} log fsyncs`);

  // An invalid batch changes nothing.
  try {
    await db.mutateMany([
      { op: 'createNode', labels: ['User'], props: { name: 'Bo' }, as: 'bo' },
      { op: 'createEdge', src: { ref: 'bo' }, dst: 999999, type: 'FOLLOWS' },
    ]);
  } catch (err) {
    show('invalid batch rejected', `${err.code}: ${err.message}`);
  }
  show('users', db.countNodesWithLabel('User'));

  await db.close();
  db = await Database.open(file);
  const report = db.verify();
  show('after reopen: verify()', { ok: report.ok, nodes: report.nodes, edges: report.edges, pages: report.pages });
  const stats = db.stats();
  show('file sizes', `${stats.dbFileSizeBytes} bytes database, ${stats.walFileSizeBytes} bytes preallocated log`);
  await db.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
