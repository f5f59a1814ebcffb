// Golden bytes for the log format (src/wal/format.ts): frames and headers
// built by hand from the format comment decode, and re-encode byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import {
  FRAME_HEADER_SIZE_BYTES,
  WAL_HEADER_SIZE_BYTES,
  decodeFrame,
  decodeWalHeader,
  encodeFrame,
  encodeWalHeader,
  frameOffsetBytes,
} from '../../src/wal/format.js';

const PAGE = 4096;

function be32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function handBuiltHeader(): Uint8Array {
  const b = new Uint8Array([
    ...[0x53, 0x4f, 0x4d, 0x57], // "SOMW"
    ...be32(1), // version
    ...be32(PAGE), // page size
    ...be32(7), // checkpoint sequence
    ...be32(0x11223344), // salt-1
    ...be32(0xaabbccdd), // salt-2
    ...be32(0), // reserved
    0, 0, 0, 0, // checksum, filled below
  ]);
  const crc = zlib.crc32(b.subarray(0, 28)) >>> 0;
  b.set(be32(crc), 28);
  return b;
}

test('a hand-built log header decodes to its fields and re-encodes byte for byte', () => {
  const bytes = handBuiltHeader();
  assert.equal(bytes.length, WAL_HEADER_SIZE_BYTES);
  const decoded = decodeWalHeader(bytes);
  assert.ok(decoded.ok, 'decoded.ok');
  assert.deepEqual(
    { ...decoded.header },
    { pageSizeBytes: PAGE, checkpointSeq: 7, salt1: 0x11223344, salt2: 0xaabbccdd, checksum: decoded.header.checksum },
  );
  const again = new Uint8Array(WAL_HEADER_SIZE_BYTES);
  encodeWalHeader(again, decoded.header);
  assert.deepEqual(again, bytes);
});

test('a header with a flipped bit, a wrong magic or an unknown version is rejected (V1)', () => {
  const good = handBuiltHeader();
  for (const [at, why] of [[0, 'magic'], [7, 'version'], [20, 'checksum']] as const) {
    const bad = good.slice();
    bad[at] = bad[at]! ^ 0x01;
    const decoded = decodeWalHeader(bad);
    assert.equal(decoded.ok, false, `flipping byte ${at} (${why}) must invalidate the header`);
    if (!decoded.ok) assert.match(decoded.reason, /V1/);
  }
});

test('a hand-built frame validates against the header and re-encodes byte for byte', () => {
  const headerBytes = handBuiltHeader();
  const decodedHeader = decodeWalHeader(headerBytes);
  assert.ok(decodedHeader.ok, 'decodedHeader.ok');
  const header = decodedHeader.header;
  const image = new Uint8Array(PAGE).map((_, i) => (i * 7) & 0xff);
  const frameHeader = new Uint8Array([...be32(5), ...be32(9), ...be32(header.salt1), ...be32(header.salt2)]);
  // Chained checksum: crc32 over header bytes [0,16) then the image, seeded by the header checksum.
  const chain = zlib.crc32(image, zlib.crc32(frameHeader, header.checksum)) >>> 0;
  const frame = new Uint8Array(FRAME_HEADER_SIZE_BYTES + PAGE);
  frame.set(frameHeader, 0);
  frame.set(be32(chain), 16);
  frame.set(be32(0), 20);
  frame.set(image, FRAME_HEADER_SIZE_BYTES);

  const decoded = decodeFrame(frame, 0, PAGE, header, header.checksum);
  assert.deepEqual(decoded, { pageNo: 5, commitDbSizePages: 9, checksum: chain });

  const again = new Uint8Array(frame.length);
  again.set(image, FRAME_HEADER_SIZE_BYTES);
  const sum = encodeFrame(again, 0, PAGE, { pageNo: 5, commitDbSizePages: 9, salt1: header.salt1, salt2: header.salt2, prevChecksum: header.checksum });
  assert.equal(sum, chain);
  assert.deepEqual(again, frame);
});

test('a frame is invalid with another salt, another predecessor, or a changed image byte (V2)', () => {
  const decodedHeader = decodeWalHeader(handBuiltHeader());
  assert.ok(decodedHeader.ok, 'decodedHeader.ok');
  const header = decodedHeader.header;
  const frame = new Uint8Array(FRAME_HEADER_SIZE_BYTES + PAGE);
  frame[FRAME_HEADER_SIZE_BYTES + 10] = 42;
  encodeFrame(frame, 0, PAGE, { pageNo: 3, commitDbSizePages: 0, salt1: header.salt1, salt2: header.salt2, prevChecksum: 123 });
  assert.notEqual(decodeFrame(frame, 0, PAGE, header, 123), null);
  assert.equal(decodeFrame(frame, 0, PAGE, header, 124), null, 'a different predecessor breaks the chain');
  assert.equal(decodeFrame(frame, 0, PAGE, { ...header, salt2: header.salt2 ^ 1 }, 123), null, 'an older generation has other salts');
  const changed = frame.slice();
  changed[FRAME_HEADER_SIZE_BYTES + PAGE - 1] = changed[FRAME_HEADER_SIZE_BYTES + PAGE - 1]! ^ 0x80;
  assert.equal(decodeFrame(changed, 0, PAGE, header, 123), null, 'a torn image fails the checksum');
});

test('frame i starts at 32 + i * (24 + pageSize)', () => {
  assert.equal(frameOffsetBytes(0, PAGE), 32);
  assert.equal(frameOffsetBytes(3, 8192), 32 + 3 * (24 + 8192));
});
