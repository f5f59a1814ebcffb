// Child process of process-kill.test.ts: commits forever from several
// concurrent callers and prints "ack <id>" for every acknowledged commit,
// until it is killed. Commit <id> writes <id> into slot floor(id/50) of data
// page id % 50, and advances counter "next".
import { NodeVfs } from '../../src/vfs/node-vfs.js';
import { Pager } from '../../src/pager/pager.js';
import { writeU32 } from '../../src/base/bytes.js';

export const DATA_PAGES = 50;
export const SLOT_BASE = 16;

const file = process.argv[2]!;
const clients = Number(process.argv[3] ?? 4);
const pager = await Pager.open(new NodeVfs(), file, {
  pageSize: 4096,
  walPreallocateBytes: 1 << 20,
  autocheckpointPages: 40,
  autocheckpointMs: null,
});

const init = await pager.beginWrite();
if (init.getRoot('kill') === null) {
  const dir = init.allocatePage().pageNo;
  for (let i = 0; i < DATA_PAGES; i++) init.allocatePage();
  init.setRoot('kill', dir);
  await init.commit();
} else {
  init.rollback();
}

async function client(): Promise<void> {
  for (;;) {
    const txn = await pager.beginWrite();
    const id = txn.getCounter('next');
    txn.setCounter('next', id + 1);
    const dir = txn.getRoot('kill')!;
    const page = txn.getWritablePage(dir + 1 + (id % DATA_PAGES));
    writeU32(page, SLOT_BASE + Math.floor(id / DATA_PAGES) * 4, id);
    await txn.commit();
    process.stdout.write(`ack ${id}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all(Array.from({ length: clients }, () => client()));
