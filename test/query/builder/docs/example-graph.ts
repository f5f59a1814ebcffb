// The example graph the docs/query.md examples without an import line run
// against (the page describes it in "About the examples").
import { Database, type Transaction } from '../../../../src/index.js';

/** Writes the example graph in `tx`; returns its node ids (the builder's own tests use them). */
export function buildExampleGraph(tx: Transaction): { ada: number; alan: number; grace: number; linus: number; post: number } {
  const ada = tx.createNode('User', { name: 'Ada', age: 36 });
  const alan = tx.createNode('User', { name: 'Alan', age: 41 });
  const grace = tx.createNode(['User', 'Admin'], { name: 'Grace', age: 45 });
  const linus = tx.createNode('User', { name: 'Linus' });
  const post = tx.createNode('Post', { title: 'Hello' });
  tx.createEdge(ada, alan, 'FOLLOWS', { since: 2001 });
  tx.createEdge(alan, ada, 'FOLLOWS', { since: 2002 });
  tx.createEdge(ada, grace, 'FOLLOWS', { since: 2010 });
  tx.createEdge(grace, post, 'LIKES');
  tx.createEdge(alan, linus, 'BLOCKS');
  tx.createEdge(linus, ada, 'FOLLOWS', { since: 1999 });
  return { ada, alan, grace, linus, post };
}

export async function openExampleDb(): Promise<Database> {
  const db = await Database.open(':memory:');
  await db.transaction((tx) => {
    buildExampleGraph(tx);
  });
  return db;
}
