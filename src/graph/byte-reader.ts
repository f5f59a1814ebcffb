/**
 * A bounds-checked cursor over bytes read from disk, for the graph layer's
 * decoders: every read stays inside [pos, end), and every malformed input is
 * a `CorruptionError` that names the format, the rule and the offset. Never
 * an exception of another kind, never a read past `end`, never a loop that
 * does not advance.
 *
 * The varint layout (LEB128, low group first, minimal) and its rules V1, V2
 * are specified in `value-codec.ts` ("Varints"). A read past `end` breaks
 * the format's bounds rule, whose name the caller gives (`boundsRule`: R1 in
 * value-codec.ts, K1 in key-codec.ts).
 *
 * `file` in the errors is unknown at this level (the bytes are a record or a
 * key, not a file): callers that know the file and page catch the
 * `CorruptionError` and rethrow one that names them, keeping the message.
 */
import { CorruptionError } from '../base/errors.js';
import { decodeUtf8 } from './utf8.js';

const TWO_POW_32 = 0x1_0000_0000;
/** 2^53 - 1 split: the high half of the largest safe integer. */
const SAFE_HI_MAX = 0x1f_ffff;

const f64ScratchBuffer = new ArrayBuffer(8);
const f64ScratchView = new DataView(f64ScratchBuffer);
const f64ScratchBytes = new Uint8Array(f64ScratchBuffer);

export class ByteReader {
  readonly bytes: Uint8Array;
  /** Offset of the next byte to read. */
  pos: number;
  /** Reads never reach this offset. */
  readonly end: number;
  /** What is being decoded, for error messages ("property map", "index key"). */
  readonly what: string;
  /** The rule a read past `end` breaks, as the format names it. */
  readonly boundsRule: string;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length, what = 'record', boundsRule = 'R1') {
    if (!(pos >= 0 && pos <= end && end <= bytes.length)) {
      throw new CorruptionError(`${what}: range [${pos}, ${end}) is outside the ${bytes.length} bytes given`, { file: '', offsetBytes: pos });
    }
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
    this.what = what;
    this.boundsRule = boundsRule;
  }

  get remainingBytes(): number {
    return this.end - this.pos;
  }

  /** A `CorruptionError` naming `what`, the offset and the rule broken. */
  corrupt(rule: string, detail: string, at = this.pos): CorruptionError {
    return new CorruptionError(`${this.what} at offset ${at}: rule ${rule}: ${detail}`, { file: '', offsetBytes: at });
  }

  /** Throws unless `n` more bytes can be read (the bounds rule). */
  need(n: number, what: string): void {
    if (n > this.end - this.pos) {
      throw this.corrupt(this.boundsRule, `${what} needs ${n} bytes, only ${this.end - this.pos} remain`);
    }
  }

  u8(): number {
    if (this.pos >= this.end) throw this.corrupt(this.boundsRule, 'unexpected end of bytes');
    return this.bytes[this.pos++]!;
  }

  u16(): number {
    this.need(2, 'a u16');
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 2;
    return (b[p]! << 8) | b[p + 1]!;
  }

  u32(): number {
    this.need(4, 'a u32');
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  /** A u64 that must be below 2^53 (node and edge ids); `rule` names the format's rule for that. */
  u64Number(rule: string): number {
    const hi = this.u32();
    const lo = this.u32();
    if (hi > SAFE_HI_MAX) throw this.corrupt(rule, `u64 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')} is above 2^53 - 1`, this.pos - 8);
    return hi * TWO_POW_32 + lo;
  }

  f64(): number {
    this.need(8, 'a float64');
    const b = this.bytes;
    const p = this.pos;
    const t = f64ScratchBytes;
    t[0] = b[p]!;
    t[1] = b[p + 1]!;
    t[2] = b[p + 2]!;
    t[3] = b[p + 3]!;
    t[4] = b[p + 4]!;
    t[5] = b[p + 5]!;
    t[6] = b[p + 6]!;
    t[7] = b[p + 7]!;
    this.pos = p + 8;
    return f64ScratchView.getFloat64(0);
  }

  /** Moves the cursor `n` bytes on (the bounds rule if they are not there). */
  skip(n: number, what: string): void {
    this.need(n, what);
    this.pos += n;
  }

  /** Unsigned LEB128 in [0, 2^32) (rules V1, V2). */
  varU32(): number {
    const b = this.bytes;
    const end = this.end;
    let p = this.pos;
    if (p >= end) throw this.corrupt(this.boundsRule, 'a varint runs past the end');
    let c = b[p++]!;
    if (c < 0x80) {
      this.pos = p;
      return c;
    }
    const start = this.pos;
    let v = c & 0x7f;
    let mul = 0x80;
    for (let i = 1; ; i++) {
      if (p >= end) throw this.corrupt(this.boundsRule, 'a varint runs past the end', start);
      c = b[p++]!;
      if (i === 4) {
        if (c > 0x0f) throw this.corrupt('V1', `a u32 varint is longer than 5 bytes or above 2^32 - 1 (fifth byte 0x${c.toString(16)})`, start);
        if (c === 0) throw this.corrupt('V2', 'a varint is not minimal (ends in a 0x00 group)', start);
        this.pos = p;
        return v + c * mul;
      }
      v += (c & 0x7f) * mul;
      mul *= 0x80;
      if (c < 0x80) {
        if (c === 0) throw this.corrupt('V2', 'a varint is not minimal (ends in a 0x00 group)', start);
        this.pos = p;
        return v;
      }
    }
  }

  /**
   * Zigzag LEB128 of a signed 64-bit integer (rules V1, V2): a `number` when
   * it is a safe integer, else a `bigint`.
   */
  varZigzag(): number | bigint {
    const b = this.bytes;
    const end = this.end;
    let p = this.pos;
    if (p >= end) throw this.corrupt(this.boundsRule, 'a varint runs past the end');
    let c = b[p++]!;
    if (c < 0x80) {
      this.pos = p;
      return (c >>> 1) ^ -(c & 1);
    }
    // Groups 0-3 (28 bits) go to lo directly; group 4 straddles the halves;
    // groups 5-9 go to hi. Group 9 may only hold the top bit (value < 2^64).
    const start = this.pos;
    let lo = c & 0x7f;
    let hi = 0;
    for (let i = 1; ; i++) {
      if (p >= end) throw this.corrupt(this.boundsRule, 'a varint runs past the end', start);
      if (i === 10) throw this.corrupt('V1', 'a u64 varint is longer than 10 bytes', start);
      c = b[p++]!;
      const g = c & 0x7f;
      if (i < 4) lo |= g << (7 * i);
      else if (i === 4) {
        lo |= g << 28;
        hi = g >>> 4;
      } else if (i < 9) hi |= g << (7 * i - 32);
      else {
        if (c > 0x01) throw this.corrupt('V1', `a u64 varint is above 2^64 - 1 (tenth byte 0x${c.toString(16)})`, start);
        hi |= g << 31;
      }
      if (c < 0x80) {
        if (c === 0) throw this.corrupt('V2', 'a varint is not minimal (ends in a 0x00 group)', start);
        break;
      }
    }
    this.pos = p;
    lo >>>= 0;
    hi >>>= 0;
    if (hi === 0 && lo < 0x8000_0000) return (lo >>> 1) ^ -(lo & 1);
    // |v| = mag (sign 0) or mag + 1 (sign 1), mag = z >>> 1.
    const sign = lo & 1;
    const magHi = hi >>> 1;
    const magLo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    if (magHi < SAFE_HI_MAX || (magHi === SAFE_HI_MAX && (sign === 0 || magLo !== 0xffff_ffff))) {
      const mag = magHi * TWO_POW_32 + magLo;
      return sign === 0 ? mag : -mag - 1;
    }
    const z = (BigInt(hi) << 32n) | BigInt(lo);
    return (z >> 1n) ^ -(z & 1n);
  }

  /** `byteLength` bytes at the cursor as strict UTF-8 (rule `rule` on failure). */
  utf8(byteLength: number, rule: string): string {
    this.need(byteLength, 'a string');
    const p = this.pos;
    const s = decodeUtf8(this.bytes, p, p + byteLength);
    if (s === null) throw this.corrupt(rule, `a ${byteLength}-byte string is not well-formed UTF-8`);
    this.pos = p + byteLength;
    return s;
  }

  /** A fresh copy of `byteLength` bytes at the cursor. */
  copyBytes(byteLength: number): Uint8Array {
    this.need(byteLength, 'a byte string');
    const p = this.pos;
    const out = new Uint8Array(byteLength);
    out.set(this.bytes.subarray(p, p + byteLength));
    this.pos = p + byteLength;
    return out;
  }
}
