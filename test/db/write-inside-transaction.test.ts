/**
 * Two API contracts of writes: a `db` write started inside `db.transaction(fn)`
 * on the same database is refused at once (it would wait forever for the lock
 * fn's transaction holds), and `mutateMany` rethrows an operation's error with
 * its class, code and fields kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConstraintError, Database, InvalidArgError, NotFoundError, SombraError } from '../../src/index.js';

const OPTIONS = { autocheckpointMs: null } as const;

async function open(): Promise<Database> {
  return Database.open(':memory:', OPTIONS);
}

function isDeadlockRefusal(err: unknown): boolean {
  return err instanceof InvalidArgError && err.code === 'INVALID_ARG' && /inside db\.transaction\(fn\)/.test(err.message) && /tx\.createNode/.test(err.message);
}

test('every db write awaited inside db.transaction(fn) rejects at once with INVALID_ARG naming tx; the transaction carries on', async () => {
  const db = await open();
  try {
    const a = await db.createNode('User', { name: 'a' });
    const writes: Array<[string, () => Promise<unknown>]> = [
      ['createNode', () => db.createNode('User')],
      ['updateNode', () => db.updateNode(a, { set: { age: 1 } })],
      ['deleteNode', () => db.deleteNode(a)],
      ['createEdge', () => db.createEdge(a, a, 'KNOWS')],
      ['intern of a new name', () => db.intern('brandNew')],
      ['createIndex', () => db.createIndex('User', 'name')],
      ['mutateMany', () => db.mutateMany([{ op: 'createNode', labels: ['User'] }])],
      ['cypher CREATE', () => db.cypher('CREATE (:User {name: "c"})')],
      ['nested transaction', () => db.transaction((t) => t.createNode('User'))],
      ['beginWrite', () => db.beginWrite()],
    ];
    const id = await db.transaction(async (tx) => {
      for (const [what, write] of writes) {
        await assert.rejects(write(), isDeadlockRefusal, what);
      }
      // Reads through db still work inside, and the transaction is still usable.
      assert.equal(db.getNode(a)?.props['name'], 'a');
      const rows = await db.cypher('MATCH (u:User) RETURN count(u) AS n');
      assert.equal(rows.rows[0]!['n'], 1);
      return tx.createNode('User', { name: 'b' });
    });
    assert.equal(db.getNode(id)?.props['name'], 'b');
    assert.equal(db.stats().nodes, 2);
    // After the transaction, the same calls work again.
    await db.createNode('User');
    await db.cypher('CREATE (:User)');
    assert.equal(db.stats().nodes, 4);
  } finally {
    await db.close();
  }
});

test('a refused write is found through timers and nested async functions inside fn, not only on its first line', async () => {
  const db = await open();
  try {
    await db.transaction(async (tx) => {
      tx.createNode('User');
      await new Promise((resolve) => setTimeout(resolve, 1));
      const later = async (): Promise<number> => {
        await null;
        return db.createNode('User');
      };
      await assert.rejects(later(), isDeadlockRefusal);
      await assert.rejects(new Promise((resolve, reject) => setImmediate(() => db.createNode('User').then(resolve, reject))), isDeadlockRefusal);
    });
    assert.equal(db.stats().nodes, 1);
  } finally {
    await db.close();
  }
});

test('concurrent writers outside the callback still queue behind the transaction, and other databases are not refused', async () => {
  const db = await open();
  const other = await open();
  try {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const txDone = db.transaction(async (tx) => {
      tx.createNode('User', { name: 'tx' });
      // Another database written from inside fn: allowed.
      await other.createNode('Other');
      entered();
      await gate;
    });
    await inside;
    // Started outside fn's async context: it waits its turn, then commits.
    const outside = db.createNode('User', { name: 'outside' });
    release();
    await txDone;
    const outsideId = await outside;
    assert.equal(db.getNode(outsideId)?.props['name'], 'outside');
    assert.equal(db.stats().nodes, 2);
    assert.equal(other.stats().nodes, 1);
  } finally {
    await db.close();
    await other.close();
  }
});

test('a db write left running by a finished transaction callback is not refused once that transaction has ended', async () => {
  const db = await open();
  try {
    let deferred!: Promise<number>;
    await db.transaction((tx) => {
      tx.createNode('User');
      // Not awaited inside fn: it queues behind the transaction and runs after its commit.
      deferred = new Promise((resolve, reject) => setTimeout(() => db.createNode('User').then(resolve, reject), 5));
    });
    await deferred;
    assert.equal(db.stats().nodes, 2);
  } finally {
    await db.close();
  }
});

test('mutateMany rethrows an operation error with its subclass, code and cause, and the op index in the message', async () => {
  const db = await open();
  try {
    const a = await db.createNode('User');
    const b = await db.createNode('User');
    await db.createEdge(a, b, 'KNOWS');

    const notFound = await db.mutateMany([{ op: 'createNode', labels: ['User'] }, { op: 'deleteNode', id: 999 }]).then(
      () => assert.fail('expected a rejection'),
      (err: unknown) => err,
    );
    assert.ok(notFound instanceof NotFoundError, `NotFoundError expected, got ${String(notFound)}`);
    assert.ok(notFound instanceof SombraError);
    assert.equal(notFound.code, 'NOT_FOUND');
    assert.equal(notFound.name, 'NotFoundError');
    assert.match(notFound.message, /^mutateMany op 1 \(deleteNode\): .*999/);
    assert.ok(notFound.cause instanceof NotFoundError);
    assert.ok(!(notFound.cause as Error).message.startsWith('mutateMany'));
    assert.match(notFound.stack ?? '', /^NotFoundError: mutateMany op 1/);

    const constraint = await db.mutateMany([{ op: 'deleteNode', id: a }]).then(
      () => assert.fail('expected a rejection'),
      (err: unknown) => err,
    );
    assert.ok(constraint instanceof ConstraintError, `ConstraintError expected, got ${String(constraint)}`);
    assert.equal(constraint.code, 'CONSTRAINT');
    assert.match(constraint.message, /^mutateMany op 0 \(deleteNode\): /);

    const invalid = await db.mutateMany([{ op: 'createNode', labels: ['User'], props: { bad: Symbol('x') as never } }]).then(
      () => assert.fail('expected a rejection'),
      (err: unknown) => err,
    );
    assert.ok(invalid instanceof InvalidArgError, `InvalidArgError expected, got ${String(invalid)}`);
    assert.match(invalid.message, /^mutateMany op 0 \(createNode\): /);
    // Nothing of the failed batches landed.
    assert.equal(db.stats().nodes, 2);
  } finally {
    await db.close();
  }
});
