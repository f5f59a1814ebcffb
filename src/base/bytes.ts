/**
 * Big-endian integer helpers over plain `Uint8Array`s. All on-disk integers in
 * Sombra are big-endian so that byte order equals numeric order in keys.
 */

export function readU16(b: Uint8Array, off: number): number {
  return (b[off]! << 8) | b[off + 1]!;
}

export function writeU16(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 8;
  b[off + 1] = v;
}

export function readU32(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

export function writeU32(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 24;
  b[off + 1] = v >>> 16;
  b[off + 2] = v >>> 8;
  b[off + 3] = v;
}

/** Reads a u64 as a JS number; the caller guarantees it is below 2^53. */
export function readU64Number(b: Uint8Array, off: number): number {
  return readU32(b, off) * 0x1_0000_0000 + readU32(b, off + 4);
}

/** Writes a non-negative safe integer as a u64. */
export function writeU64Number(b: Uint8Array, off: number, v: number): void {
  const hi = Math.floor(v / 0x1_0000_0000);
  writeU32(b, off, hi);
  writeU32(b, off + 4, v - hi * 0x1_0000_0000);
}

export function readU64(b: Uint8Array, off: number): bigint {
  return (BigInt(readU32(b, off)) << 32n) | BigInt(readU32(b, off + 4));
}

export function writeU64(b: Uint8Array, off: number, v: bigint): void {
  writeU32(b, off, Number((v >> 32n) & 0xffff_ffffn));
  writeU32(b, off + 4, Number(v & 0xffff_ffffn));
}

/** Unsigned lexicographic comparison of a[aStart,aEnd) and b[bStart,bEnd). */
export function compareBytes(
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
): number {
  const aLen = aEnd - aStart;
  const bLen = bEnd - bStart;
  const n = aLen < bLen ? aLen : bLen;
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[bStart + i]!;
    if (d !== 0) return d;
  }
  return aLen - bLen;
}

export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  return compareBytes(a, 0, a.length, b, 0, b.length);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(b: Uint8Array, max = 64): string {
  let s = '';
  const n = Math.min(b.length, max);
  for (let i = 0; i < n; i++) s += b[i]!.toString(16).padStart(2, '0');
  return b.length > max ? `${s}…(${b.length} bytes)` : s;
}

export function hex32(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}
