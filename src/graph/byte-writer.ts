/**
 * A growable output buffer for the graph layer's encoders (property values,
 * records, index keys): fixed-width big-endian integers, LEB128 varints and
 * UTF-8, written at `length` with the capacity doubled on demand.
 *
 * The varint layout (LEB128, low group first, minimal) is specified in
 * `value-codec.ts` ("Varints"); this file only writes it.
 *
 * Views: `view(start)` returns a subarray of the current buffer, which stays
 * valid until the next write that grows the buffer or the next `reset()`.
 * `copy(start)` returns fresh bytes the caller may keep.
 */
import { assert } from '../base/assert.js';
import { firstLoneSurrogate, UTF8_MANUAL_MAX_CHARS, utf8Encoder } from './utf8.js';

/** 256 bytes: a typical node record fits without a reallocation. */
export const BYTE_WRITER_INITIAL_CAPACITY_BYTES = 256;
/**
 * 64 KiB: a shared scratch writer that grew past this (one huge value) is
 * replaced by a fresh small one after use, so one big write does not pin
 * memory for the life of the process.
 */
export const BYTE_WRITER_SCRATCH_KEEP_MAX_BYTES = 64 * 1024;

const TWO_POW_32 = 0x1_0000_0000;

/** Bytes the LEB128 form of `v` in [0, 2^32) takes: 1 to 5. */
export function varU32SizeBytes(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x20_0000 ? 3 : v < 0x1000_0000 ? 4 : 5;
}

/** Writes the LEB128 form of `v` in [0, 2^32) at `b[p]` (the caller made room); returns the end offset. */
export function writeVarU32At(b: Uint8Array, p: number, v: number): number {
  while (v >= 0x80) {
    b[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  b[p++] = v;
  return p;
}

export class ByteWriter {
  /** The underlying buffer; replaced when it grows. Bytes [0, length) are written. */
  buf: Uint8Array;
  /** Number of bytes written. Setting it lower discards bytes (a rollback). */
  length = 0;
  #view: DataView;

  constructor(initialCapacityBytes = BYTE_WRITER_INITIAL_CAPACITY_BYTES) {
    assert(Number.isInteger(initialCapacityBytes) && initialCapacityBytes > 0, () => `ByteWriter capacity ${initialCapacityBytes}`);
    this.buf = new Uint8Array(initialCapacityBytes);
    this.#view = new DataView(this.buf.buffer);
  }

  get capacityBytes(): number {
    return this.buf.length;
  }

  reset(): void {
    this.length = 0;
  }

  /** Makes room for `extraBytes` more bytes after `length`. */
  ensure(extraBytes: number): void {
    const need = this.length + extraBytes;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.#view = new DataView(next.buffer);
  }

  /** Bytes [start, end) as a view into the buffer (see the file comment for how long it stays valid). */
  view(start = 0, end = this.length): Uint8Array {
    return this.buf.subarray(start, end);
  }

  /** Bytes [start, end) as a fresh copy. */
  copy(start = 0, end = this.length): Uint8Array {
    return this.buf.slice(start, end);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    const b = this.buf;
    const p = this.length;
    b[p] = v >>> 8;
    b[p + 1] = v;
    this.length = p + 2;
  }

  u32(v: number): void {
    this.ensure(4);
    const b = this.buf;
    const p = this.length;
    b[p] = v >>> 24;
    b[p + 1] = v >>> 16;
    b[p + 2] = v >>> 8;
    b[p + 3] = v;
    this.length = p + 4;
  }

  /** A u64 from its high and low 32-bit halves. */
  u64Parts(hi: number, lo: number): void {
    this.u32(hi);
    this.u32(lo);
  }

  /** A non-negative safe integer as a u64. */
  u64Number(v: number): void {
    const hi = Math.floor(v / TWO_POW_32);
    this.u64Parts(hi, v - hi * TWO_POW_32);
  }

  /** IEEE-754 binary64, big-endian, bit pattern as the engine produces it (NaN is canonical in V8). */
  f64(v: number): void {
    this.ensure(8);
    this.#view.setFloat64(this.length, v);
    this.length += 8;
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
  }

  /** Unsigned LEB128 of an integer in [0, 2^32). */
  varU32(v: number): void {
    this.ensure(5);
    this.length = writeVarU32At(this.buf, this.length, v);
  }

  /** Unsigned LEB128 of the u64 hi * 2^32 + lo (both halves in [0, 2^32)). */
  varU64Parts(hi: number, lo: number): void {
    this.ensure(10);
    const b = this.buf;
    let p = this.length;
    while (hi !== 0 || lo >= 0x80) {
      b[p++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi = hi >>> 7;
    }
    b[p++] = lo;
    this.length = p;
  }

  /** Zigzag LEB128 of a safe integer (any sign). */
  varZigzagNumber(v: number): void {
    if (v >= -0x4000_0000 && v < 0x4000_0000) {
      this.varU32(((v << 1) ^ (v >> 31)) >>> 0);
      return;
    }
    // zigzag(v) = 2a + s with a = v (s = 0) or a = -v - 1 (s = 1); a < 2^53,
    // so 2a + s needs 54 bits: build it from 32-bit halves, never as a double.
    const s = v < 0 ? 1 : 0;
    const a = s === 1 ? -v - 1 : v;
    const aHi = Math.floor(a / TWO_POW_32);
    const aLo = a - aHi * TWO_POW_32;
    this.varU64Parts(aHi * 2 + (aLo >>> 31), ((aLo << 1) | s) >>> 0);
  }

  /** Zigzag LEB128 of a bigint in the signed 64-bit range. */
  varZigzagBigInt(v: bigint): void {
    const z = v < 0n ? ((-v - 1n) << 1n) | 1n : v << 1n;
    this.varU64Parts(Number(z >> 32n), Number(z & 0xffff_ffffn));
  }

  /**
   * UTF-8 of `s` without a length prefix. Returns the number of bytes
   * written, or -1 - i if `s[i]` is a lone surrogate (nothing usable is
   * written then; the caller rolls `length` back and reports).
   */
  utf8(s: string): number {
    const n = s.length;
    this.ensure(n * 3);
    const start = this.length;
    if (n > UTF8_MANUAL_MAX_CHARS) {
      const bad = firstLoneSurrogate(s);
      if (bad >= 0) return -1 - bad;
      const { written } = utf8Encoder.encodeInto(s, this.buf.subarray(start));
      this.length = start + written;
      return written;
    }
    const b = this.buf;
    let p = start;
    for (let i = 0; i < n; i++) {
      let c = s.charCodeAt(i);
      if (c < 0x80) {
        b[p++] = c;
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      } else {
        const c2 = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c > 0xdbff || c2 < 0xdc00 || c2 > 0xdfff) return -1 - i;
        c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
        i++;
        b[p++] = 0xf0 | (c >> 18);
        b[p++] = 0x80 | ((c >> 12) & 0x3f);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      }
    }
    this.length = p;
    return p - start;
  }
}
