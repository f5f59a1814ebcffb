// WalFile.readFrameImage: a frame read into a new buffer or into the caller's
// reusable frame buffer gives the same image; a frame damaged after it was
// written is CORRUPTION either way (its place in the checksum chain, V2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { WalFile } from '../../src/wal/log-file.js';

const PAGE = 4096;

function image(seed: number): Uint8Array {
  const b = new Uint8Array(PAGE);
  for (let i = 0; i < PAGE; i++) b[i] = (i * 31 + seed * 7) & 0xff;
  return b;
}

test('a frame read into a reused buffer equals the frame read into a new one, and damage is caught in both', async () => {
  const vfs = new MemVfs();
  const { wal } = await WalFile.open(vfs, '/db-wal', PAGE, { readOnly: false, preallocateBytes: 0, syncHeaders: true });
  const first = wal.appendRecord([3, 4], [image(1), image(2)], 5);
  const second = wal.appendRecord([3], [image(3)], 5);
  const scratch = new Uint8Array(wal.frameSizeBytes + 100).fill(0xaa);
  for (const [fsn, seed] of [[first, 1], [first + 1, 2], [second, 3]] as const) {
    assert.deepEqual(wal.readFrameImage(fsn), image(seed), `frame ${fsn} into a new buffer`);
    assert.deepEqual(wal.readFrameImage(fsn, scratch), image(seed), `frame ${fsn} into the reused buffer`);
  }
  assert.throws(() => wal.readFrameImage(first, new Uint8Array(wal.frameSizeBytes - 1)), /smaller than a frame/);
  // Flip one byte of the second frame's image in the file.
  const file = vfs.open('/db-wal', { create: false, readOnly: false });
  const at = 32 + wal.frameSizeBytes + 24 + 100;
  const byte = new Uint8Array(1);
  file.read(byte, 0, 1, at);
  byte[0] = byte[0]! ^ 0xff;
  file.write(byte, 0, 1, at);
  file.close();
  const isCorruption = (e: unknown) => (e as { code?: string }).code === 'CORRUPTION' && /checksum chain/.test(String(e));
  assert.throws(() => wal.readFrameImage(first + 1), isCorruption);
  assert.throws(() => wal.readFrameImage(first + 1, scratch), isCorruption);
  wal.close();
});
