import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareKeys, toHex } from '../../src/base/bytes.js';
import { CorruptionError } from '../../src/base/errors.js';
import { BoxedFloat } from '../../src/graph/boxed-float.js';
import { ByteWriter } from '../../src/graph/byte-writer.js';
import {
  decodeIndexKey,
  decodeKeyValue,
  encodeIndexKey,
  encodeKeyValue,
  indexKeyPrefix,
  isTruncated,
  keyRange,
  keyValueEnd,
  type KeyPredicate,
} from '../../src/graph/key-codec.js';
import type { PropScalar, PropValue } from '../../src/graph/value-codec.js';
import { hex, runs, throwsCode } from '../helpers/codec-test-tools.js';

function show(v: PropValue | undefined): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof BoxedFloat) return `BoxedFloat(${show(v.value)})`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Uint8Array) return `bytes(${toHex(v)})`;
  if (v instanceof Date) return `Date(${v.getTime()})`;
  return Object.is(v, -0) ? '-0' : String(v);
}

// ---------------------------------------------------------------------------
// The model: value order as the format comment defines it, computed
// independently of the encoder.

function typeRank(v: PropValue): number {
  if (v === null) return 0;
  if (v === false) return 1;
  if (v === true) return 2;
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof BoxedFloat) return 3;
  if (typeof v === 'string') return 4;
  if (v instanceof Uint8Array) return 5;
  if (v instanceof Date) return 6;
  return 7;
}

/** A BoxedFloat is its number. */
function unbox(v: PropValue): PropValue {
  return v instanceof BoxedFloat ? v.value : v;
}

/** The type class a range stays in: booleans are one class spanning two tags. */
function typeClass(v: PropValue): number {
  const r = typeRank(v);
  return r === 2 ? 1 : r;
}

const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0);

/** Exact numeric order of numbers and bigints; -0 = +0; NaN after everything and equal to itself. */
function numCmp(a: number | bigint, b: number | bigint): number {
  const aNaN = typeof a === 'number' && Number.isNaN(a);
  const bNaN = typeof b === 'number' && Number.isNaN(b);
  if (aNaN || bNaN) return aNaN && bNaN ? 0 : aNaN ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const [x, y, flip] = typeof a === 'number' ? [a, b as bigint, 1] : [b as number, a as bigint, -1];
  let c: number;
  if (x === Infinity) c = 1;
  else if (x === -Infinity) c = -1;
  else {
    const fl = Math.floor(x);
    const big = BigInt(fl);
    c = big < y ? -1 : big > y ? 1 : x === fl ? 0 : 1;
  }
  return c * flip;
}

function utf8(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

/** The documented key order: by type, then within the type; lists element by element, a prefix first. */
function valueCmp(a: PropValue, b: PropValue): number {
  a = unbox(a);
  b = unbox(b);
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = valueCmp(a[i]!, b[i]!);
      if (c !== 0) return c;
    }
    return sign(a.length - b.length);
  }
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return numCmp(a, b);
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(utf8(a), utf8(b));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  if (a instanceof Date && b instanceof Date) return sign(a.getTime() - b.getTime());
  return 0;
}

/** What decodeKeyValue gives back for an exact key of `v`. */
function keyDecoded(v: PropValue): PropValue {
  if (Array.isArray(v)) return v.map((e) => keyDecoded(e) as PropScalar);
  if (v instanceof BoxedFloat) return keyDecoded(v.value);
  if (typeof v === 'number') return v === 0 ? 0 : v;
  if (typeof v === 'bigint') return BigInt(Number(v)) === v ? Number(v) : v;
  return v;
}

function sameKeyValue(a: PropValue, b: PropValue): boolean {
  if (typeof a !== typeof b) return false;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameKeyValue(x, b[i]!));
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return Object.is(a, b);
}

/** Escaped content length as the format defines it: a 0x00 takes two bytes. */
function escapedLength(bytes: Uint8Array): number {
  let n = bytes.length;
  for (const b of bytes) if (b === 0) n++;
  return n;
}

// ---------------------------------------------------------------------------
// Generators

const bigNearPow2 = fc
  .tuple(fc.integer({ min: 52, max: 63 }), fc.integer({ min: -3000, max: 3000 }), fc.boolean())
  .map(([e, d, neg]) => {
    const v = (neg ? -1n : 1n) * (2n ** BigInt(e) + BigInt(d));
    return v < -(2n ** 63n) ? -(2n ** 63n) : v > 2n ** 63n - 1n ? 2n ** 63n - 1n : v;
  });

const numberArb: fc.Arbitrary<number | bigint> = fc.oneof(
  fc.double(),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: -50, max: 50 }),
  fc.double({ min: -100, max: 100 }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  bigNearPow2,
  bigNearPow2.map((b) => Number(b)),
  bigNearPow2.map((b) => Number(b) + 0.5),
  fc.constantFrom<number | bigint>(-0, 0, NaN, Infinity, -Infinity, 2n ** 63n - 1n, -(2n ** 63n), 2 ** 63, -(2 ** 63), 2 ** 64, 2 ** 53, 2n ** 53n + 1n, 30, 30.5, 31n),
);

const smallAlphabet = fc.constantFrom('\0', 'a', 'b', '\x7f', '\x80', 'é', '€', '\uE000', '\uFFFF', '😀', '\u{10FFFF}');
const stringArb = fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: smallAlphabet, maxLength: 30 }));
const bytesArb = fc.oneof(fc.uint8Array({ maxLength: 30 }), fc.array(fc.constantFrom(0, 1, 0x7f, 0xfe, 0xff), { maxLength: 30 }).map((a) => Uint8Array.from(a)));
const dateArb = fc.date({ noInvalidDate: true });

/** Numbers as the query engine may give them: boxed floats among the plain ones. */
const boxedArb = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double(), fc.constantFrom(-0, NaN, 2 ** 53)).map((x) => new BoxedFloat(x));

const elementArb: fc.Arbitrary<PropScalar> = fc.oneof(fc.boolean(), numberArb, boxedArb, stringArb, bytesArb, dateArb);
/** Lists: short ones of one type family or mixed, sharing leading elements often (small pools). */
const listArb: fc.Arbitrary<PropScalar[]> = fc.oneof(
  fc.array(elementArb, { maxLength: 5 }),
  fc.array(fc.constantFrom<PropScalar>(0, 1, 2, -1, 1.5, new BoxedFloat(1), 1n, NaN, '', 'a', 'a\0', 'b', true, false, Uint8Array.of(0), new Date(0)), { maxLength: 5 }),
  fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 6 }),
);

const keyValueArb: fc.Arbitrary<PropValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  numberArb,
  boxedArb,
  stringArb,
  bytesArb,
  dateArb,
  listArb,
);

// ---------------------------------------------------------------------------

describe('key codec: golden bytes (the format comment, byte for byte)', () => {
  const golden: Array<[string, PropValue]> = [
    ['01', null],
    ['02', false],
    ['03', true],
    ['04 80 00 00 00 00 00 00 00 80 00', 0],
    ['04 bf f0 00 00 00 00 00 00 80 00', 1],
    ['04 40 0f ff ff ff ff ff ff 80 00', -1],
    ['04 bf e0 00 00 00 00 00 00 80 00', 0.5],
    ['04 ff f0 00 00 00 00 00 00 80 00', Infinity],
    ['04 00 0f ff ff ff ff ff ff 80 00', -Infinity],
    ['04 ff f8 00 00 00 00 00 00 80 00', NaN],
    ['04 c3 40 00 00 00 00 00 00 80 01', 2n ** 53n + 1n],
    ['04 c3 e0 00 00 00 00 00 00 7f ff', 2n ** 63n - 1n],
    ['04 3c 1f ff ff ff ff ff ff 80 00', -(2 ** 63)],
    ['05 00 00', ''],
    ['05 61 00 ff 62 00 00', 'a\0b'],
    ['05 c3 a9 00 00', 'é'],
    ['05 f0 9f 98 80 00 00', '😀'],
    ['06 00 00', new Uint8Array(0)],
    ['06 00 ff ff 00 00', new Uint8Array([0, 0xff])],
    ['07 80 00 00 00 00 00 00 00', new Date(0)],
    ['07 7f ff ff ff ff ff ff ff', new Date(-1)],
    ['07 80 00 00 00 00 00 03 e8', new Date(1000)],
    ['07 80 1e b2 08 c2 dc 00 00', new Date(8.64e15)],
    ['08 00 00', []],
    ['08 05 61 00 ff 00 ff 03 00 00', ['a', true]],
    ['08 04 bf f0 00 ff 00 ff 00 ff 00 ff 00 ff 00 ff 80 00 ff 00 00', [1]],
    ['08 04 bf f0 00 ff 00 ff 00 ff 00 ff 00 ff 00 ff 80 00 ff 04 c0 00 ff 00 ff 00 ff 00 ff 00 ff 00 ff 00 ff 80 00 ff 00 00', [1, 2]],
    ['08 02 06 ff 00 ff 00 ff 07 80 00 ff 00 ff 00 ff 00 ff 00 ff 00 ff 00 ff 00 00', [false, Uint8Array.of(0xff), new Date(0)]],
  ];
  for (const [bytes, value] of golden) {
    it(`${bytes} <-> ${show(value)}`, () => {
      const b = hex(bytes);
      const d = decodeKeyValue(b);
      assert.ok(sameKeyValue(d.value, keyDecoded(value)), `decoded ${show(d.value)}`);
      assert.equal(d.end, b.length);
      assert.equal(d.truncated, false);
      assert.equal(toHex(encodeKeyValue(value)), toHex(b));
      assert.equal(toHex(encodeKeyValue(d.value)), toHex(b));
    });
  }

  it('a BoxedFloat has the key of its number, alone and in a list', () => {
    assert.equal(toHex(encodeKeyValue(new BoxedFloat(1))), '04bff0000000000000' + '8000');
    assert.equal(toHex(encodeKeyValue(new BoxedFloat(-0))), toHex(encodeKeyValue(0)));
    assert.equal(toHex(encodeKeyValue(new BoxedFloat(NaN))), toHex(encodeKeyValue(NaN)));
    assert.equal(toHex(encodeKeyValue([new BoxedFloat(1), 2.5])), toHex(encodeKeyValue([1n, 2.5])));
    assert.equal(decodeKeyValue(encodeKeyValue(new BoxedFloat(3))).value, 3);
  });

  it('-0, 30.0 and 30n share the encoding of 0 and 30', () => {
    assert.equal(toHex(encodeKeyValue(-0)), toHex(encodeKeyValue(0)));
    assert.equal(toHex(encodeKeyValue(30.0)), toHex(encodeKeyValue(30)));
    assert.equal(toHex(encodeKeyValue(30n)), toHex(encodeKeyValue(30)));
    // A bigint a double holds exactly decodes as that number; one it does not, as a bigint.
    assert.equal(decodeKeyValue(encodeKeyValue(2n ** 60n)).value, 2 ** 60);
    assert.equal(decodeKeyValue(encodeKeyValue(2n ** 60n + 1n)).value, 2n ** 60n + 1n);
  });

  it('truncation: cut at the content budget (maxBytes - 3), ending 00 01', () => {
    const long = 'x'.repeat(20);
    const b = encodeKeyValue(long, undefined, 16);
    assert.equal(toHex(b), toHex(hex(`05 ${'78 '.repeat(13)} 00 01`)));
    assert.deepEqual(decodeKeyValue(b), { value: 'x'.repeat(13), end: 16, truncated: true });
    assert.equal(isTruncated(b), true);
  });

  it('truncation: a cut never splits an escape pair', () => {
    const b = encodeKeyValue(`${'x'.repeat(12)}\0yy`, undefined, 16);
    assert.equal(toHex(b), toHex(hex(`05 ${'78 '.repeat(12)} 00 01`)));
    assert.deepEqual(decodeKeyValue(b), { value: 'x'.repeat(12), end: 15, truncated: true });
    const bytes = encodeKeyValue(Uint8Array.from([...new Array<number>(12).fill(7), 0, 1]), undefined, 16);
    assert.equal(toHex(bytes), toHex(hex(`06 ${'07 '.repeat(12)} 00 01`)));
  });

  it('truncation: a cut may split a UTF-8 character; the decoded prefix drops it', () => {
    const b = encodeKeyValue(`${'x'.repeat(12)}€z`, undefined, 16);
    assert.equal(toHex(b), toHex(hex(`05 ${'78 '.repeat(12)} e2 00 01`)));
    assert.deepEqual(decodeKeyValue(b), { value: 'x'.repeat(12), end: 16, truncated: true });
    const c = encodeKeyValue(`${'x'.repeat(10)}😀z`, undefined, 16);
    assert.equal(toHex(c), toHex(hex(`05 ${'78 '.repeat(10)} f0 9f 98 00 01`)));
    assert.equal(decodeKeyValue(c).value, 'x'.repeat(10));
  });

  it('truncation of a list: the escaped element encodings cut at the budget; complete elements decode', () => {
    // [true, 'abcdefghijklm']: content 03 05 61..6d 00 00 (escaped 00 ff 00 ff); 13 bytes of budget at 16.
    const b = encodeKeyValue([true, 'abcdefghijklm'], undefined, 16);
    assert.equal(toHex(b), toHex(hex('08 03 05 61 62 63 64 65 66 67 68 69 6a 6b 00 01')));
    assert.deepEqual(decodeKeyValue(b), { value: [true], end: 16, truncated: true });
    // Cut inside a number: [1, 2] at 16 keeps 13 escaped bytes of the first number.
    const n = encodeKeyValue([1, 2], undefined, 16);
    assert.equal(toHex(n), toHex(hex('08 04 bf f0 00 ff 00 ff 00 ff 00 ff 00 ff 00 01')));
    assert.deepEqual(decodeKeyValue(n), { value: [], end: 16, truncated: true });
    assert.equal(isTruncated(n), true);
    // Exactly at the bound: not truncated.
    // Content 03 05 'abcdefg' 00 00 escapes to 13 bytes, the whole budget at 16.
    const fit = encodeKeyValue([true, 'abcdefg'], undefined, 16);
    assert.equal(fit.length, 16);
    assert.deepEqual(decodeKeyValue(fit), { value: [true, 'abcdefg'], end: 16, truncated: false });
    assert.equal(isTruncated(encodeKeyValue([true, 'abcdefgh'], undefined, 16)), true);
    // A huge element costs no more than the budget, and cuts where a shorter too-long one does.
    const huge = encodeKeyValue([1, 'x'.repeat(100_000)]);
    assert.equal(toHex(huge), toHex(encodeKeyValue([1, 'x'.repeat(300)])));
    assert.deepEqual(decodeKeyValue(huge), { value: [1], end: huge.length, truncated: true });
    // A long list at the default bound stays within 256 bytes.
    const long = encodeKeyValue(Array.from({ length: 100 }, (_, i) => i));
    assert.ok(long.length <= 256 && long.length >= 255, `${long.length} bytes (a cut never splits an escape pair)`);
    assert.equal(isTruncated(long), true);
  });

  it('an exact value that just fits is not truncated', () => {
    const b = encodeKeyValue('x'.repeat(13), undefined, 16);
    assert.equal(b.length, 16);
    assert.equal(isTruncated(b), false);
    assert.equal(decodeKeyValue(b).value, 'x'.repeat(13));
  });

  it('composite index key [indexId u32][value][nodeId u64]', () => {
    const k = encodeIndexKey(7, 'a', 258);
    assert.equal(toHex(k), toHex(hex('00 00 00 07  05 61 00 00  00 00 00 00 00 00 01 02')));
    assert.deepEqual(decodeIndexKey(k), { indexId: 7, value: 'a', truncated: false, nodeId: 258 });
    assert.equal(keyValueEnd(k, 4), 8);
    const big = encodeIndexKey(0xffff_ffff, 1.5, Number.MAX_SAFE_INTEGER);
    assert.deepEqual(decodeIndexKey(big), { indexId: 0xffff_ffff, value: 1.5, truncated: false, nodeId: Number.MAX_SAFE_INTEGER });
    assert.equal(toHex(indexKeyPrefix(7)), '00000007');
  });
});

describe('key codec: round trips', () => {
  it('every exact value decodes to its numeric/string/bytes/date value, and the end is right', () => {
    fc.assert(
      fc.property(keyValueArb, fc.uint8Array({ maxLength: 3 }), (v, tail) => {
        const enc = encodeKeyValue(v, undefined, 4096);
        const withTail = new Uint8Array(enc.length + tail.length);
        withTail.set(enc);
        withTail.set(tail, enc.length);
        const d = decodeKeyValue(withTail);
        assert.equal(d.end, enc.length);
        assert.equal(d.truncated, false);
        assert.ok(sameKeyValue(d.value, keyDecoded(v)), `${show(v)} decoded as ${show(d.value)}`);
        assert.equal(toHex(encodeKeyValue(d.value, undefined, 4096), 1 << 20), toHex(enc, 1 << 20));
      }),
      runs(3000),
    );
  });

  it('appends to an out writer and returns a view', () => {
    const w = new ByteWriter(2);
    w.u8(0x99);
    const view = encodeKeyValue('hello', w);
    assert.equal(view.byteOffset, 1);
    assert.equal(w.buf[0], 0x99);
    assert.equal(decodeKeyValue(view).value, 'hello');
    const k = encodeIndexKey(3, 42, 9, undefined, w);
    assert.deepEqual(decodeIndexKey(k), { indexId: 3, value: 42, truncated: false, nodeId: 9 });
  });
});

describe('key codec: byte order equals value order', () => {
  it('numbers: ints, floats and bigints in one order (sign of compareBytes = sign of the exact comparison)', () => {
    fc.assert(
      fc.property(numberArb, numberArb, (a, b) => {
        const c = sign(compareKeys(encodeKeyValue(a), encodeKeyValue(b)));
        assert.equal(c, sign(numCmp(a, b)), `${show(a)} vs ${show(b)}`);
      }),
      runs(20000),
    );
  });

  it('numbers: neighbours around 2^53 and 2^63 sort exactly and distinctly', () => {
    const values: Array<number | bigint> = [];
    for (const base of [2n ** 53n, 2n ** 54n, 2n ** 62n, 2n ** 63n - 2048n]) {
      for (let d = -1030n; d <= 1030n; d += 1n) {
        const v = base + d;
        if (v <= 2n ** 63n - 1n) values.push(v, -v);
      }
      values.push(Number(base), -Number(base), Number(base) + 4096, Number(base) - 4096);
    }
    values.push(2n ** 63n - 1n, -(2n ** 63n), 2 ** 63, -(2 ** 63), Infinity, -Infinity, NaN, 0, 1e300, -1e300);
    const byKey = [...values].sort((a, b) => compareKeys(encodeKeyValue(a), encodeKeyValue(b)));
    for (let i = 1; i < byKey.length; i++) {
      const a = byKey[i - 1]!;
      const b = byKey[i]!;
      assert.ok(numCmp(a, b) <= 0, `${show(a)} sorted before ${show(b)}`);
      const same = toHex(encodeKeyValue(a)) === toHex(encodeKeyValue(b));
      assert.equal(same, numCmp(a, b) === 0, `${show(a)} and ${show(b)}: equal keys iff equal values`);
    }
  });

  it('range query on numbers: age >= 30 matches int 30, float 30.5 and int 31, not 29.99', () => {
    const k = (v: number | bigint) => encodeKeyValue(v);
    const bound = k(30);
    assert.ok(compareKeys(k(30), bound) >= 0, 'compareKeys(k(30), bound) >= 0');
    assert.ok(compareKeys(k(30.5), bound) > 0, 'compareKeys(k(30.5), bound) > 0');
    assert.ok(compareKeys(k(31n), bound) > 0, 'compareKeys(k(31n), bound) > 0');
    assert.ok(compareKeys(k(29.99), bound) < 0, 'compareKeys(k(29.99), bound) < 0');
    assert.ok(compareKeys(k(-Infinity), k(-1e308)) < 0, 'compareKeys(k(-Infinity), k(-1e308)) < 0');
    assert.ok(compareKeys(k(Infinity), k(NaN)) < 0, 'compareKeys(k(Infinity), k(NaN)) < 0');
  });

  it('strings: UTF-8 byte order = code point order, including NUL and astral characters', () => {
    fc.assert(
      fc.property(stringArb, stringArb, (a, b) => {
        const c = sign(compareKeys(encodeKeyValue(a, undefined, 4096), encodeKeyValue(b, undefined, 4096)));
        assert.equal(c, sign(Buffer.compare(utf8(a), utf8(b))), `${show(a)} vs ${show(b)}`);
      }),
      runs(10000),
    );
  });

  it('strings: code point order, not JS UTF-16 order, for astral vs U+E000-U+FFFF (documented)', () => {
    assert.ok('\u{1F600}' < '\uFFFD', '\'\\u{1F600}\' < \'\\uFFFD\'');
    assert.ok(compareKeys(encodeKeyValue('\u{1F600}'), encodeKeyValue('\uFFFD')) > 0, 'compareKeys(encodeKeyValue(\'\\u{1F600}\'), encodeKeyValue(\'\\uFFFD\')) > 0');
    assert.ok(compareKeys(encodeKeyValue('a'), encodeKeyValue('a\0')) < 0, 'compareKeys(encodeKeyValue(\'a\'), encodeKeyValue(\'a\\0\')) < 0');
    assert.ok(compareKeys(encodeKeyValue('a\0'), encodeKeyValue('a\x01')) < 0, 'compareKeys(encodeKeyValue(\'a\\0\'), encodeKeyValue(\'a\\x01\')) < 0');
    assert.ok(compareKeys(encodeKeyValue('a\0\0'), encodeKeyValue('a\0\x01')) < 0, 'compareKeys(encodeKeyValue(\'a\\0\\0\'), encodeKeyValue(\'a\\0\\x01\')) < 0');
  });

  it('bytes: unsigned lexicographic order, shorter first', () => {
    fc.assert(
      fc.property(bytesArb, bytesArb, (a, b) => {
        const c = sign(compareKeys(encodeKeyValue(a, undefined, 4096), encodeKeyValue(b, undefined, 4096)));
        assert.equal(c, sign(Buffer.compare(a, b)));
      }),
      runs(10000),
    );
  });

  it('dates: by time, across the whole Date range', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        assert.equal(sign(compareKeys(encodeKeyValue(a), encodeKeyValue(b))), sign(a.getTime() - b.getTime()));
      }),
      runs(5000),
    );
  });

  it('lists: element by element, a prefix first, elements of different types by type (documented order)', () => {
    const ordered: PropValue[] = [[], [false], [true], [-Infinity], [-1], [0], [0, 0], [0, 'a'], [1], [1, -5], [1, 2], [2], [NaN], [''], ['a'], ['a', 'b'], ['a\0'], ['b'], [Uint8Array.of()], [Uint8Array.of(0)], [new Date(-1)], [new Date(0), 1]];
    for (let i = 1; i < ordered.length; i++) {
      assert.ok(compareKeys(encodeKeyValue(ordered[i - 1]!), encodeKeyValue(ordered[i]!)) < 0, `${show(ordered[i - 1])} < ${show(ordered[i])}`);
    }
    assert.ok(compareKeys(encodeKeyValue(new Date(8.64e15)), encodeKeyValue([])) < 0, 'every date < every list');
    assert.equal(toHex(encodeKeyValue([1, -0])), toHex(encodeKeyValue([new BoxedFloat(1), 0n])));
  });

  it('lists: sign of compareBytes = sign of the element-wise comparison', () => {
    fc.assert(
      fc.property(listArb, listArb, (a, b) => {
        const c = sign(compareKeys(encodeKeyValue(a, undefined, 4096), encodeKeyValue(b, undefined, 4096)));
        assert.equal(c, sign(valueCmp(a, b)), `${show(a)} vs ${show(b)}`);
      }),
      runs(10000),
    );
  });

  it('types: null < false < true < numbers < strings < bytes < dates < lists', () => {
    fc.assert(
      fc.property(keyValueArb, keyValueArb, (a, b) => {
        const c = sign(compareKeys(encodeKeyValue(a, undefined, 4096), encodeKeyValue(b, undefined, 4096)));
        assert.equal(c, sign(valueCmp(a, b)), `${show(a)} vs ${show(b)}`);
      }),
      runs(10000),
    );
  });

  it('composite keys sort by index id, then value, then node id', () => {
    const entry = fc.tuple(fc.integer({ min: 0, max: 3 }), keyValueArb, fc.nat({ max: Number.MAX_SAFE_INTEGER }));
    fc.assert(
      fc.property(fc.array(entry, { minLength: 2, maxLength: 30 }), (entries) => {
        const keyed = entries.map((e) => ({ e, key: encodeIndexKey(e[0], e[1], e[2], 4096) }));
        keyed.sort((x, y) => compareKeys(x.key, y.key));
        for (let i = 1; i < keyed.length; i++) {
          const [ia, va, na] = keyed[i - 1]!.e;
          const [ib, vb, nb] = keyed[i]!.e;
          const c = ia !== ib ? ia - ib : valueCmp(va, vb) !== 0 ? valueCmp(va, vb) : na - nb;
          assert.ok(c <= 0, `(${ia}, ${show(va)}, ${na}) sorted before (${ib}, ${show(vb)}, ${nb})`);
        }
        for (const { e, key } of keyed) {
          const d = decodeIndexKey(key);
          assert.equal(d.indexId, e[0]);
          assert.equal(d.nodeId, e[2]);
          assert.ok(sameKeyValue(d.value, keyDecoded(e[1])), 'sameKeyValue(d.value, keyDecoded(e[1]))');
        }
      }),
      runs(1000),
    );
  });
});

describe('key codec: truncated keys keep the documented guarantees', () => {
  // Strings sharing long prefixes, so cuts land on NULs, escape pairs and multi-byte characters.
  const sharedPrefixStrings = fc
    .tuple(fc.string({ unit: smallAlphabet, minLength: 0, maxLength: 16 }), fc.string({ unit: smallAlphabet, maxLength: 8 }), fc.string({ unit: smallAlphabet, maxLength: 8 }))
    .map(([base, s1, s2]) => [base + s1, base + s2] as const);
  const maxBytesArb = fc.integer({ min: 16, max: 24 });

  it('strings: key(a) <= key(b) when a < b; equal keys only for values truncated together; exact bounds compare exactly', () => {
    fc.assert(
      fc.property(sharedPrefixStrings, maxBytesArb, ([a, b], m) => {
        const ka = encodeKeyValue(a, undefined, m);
        const kb = encodeKeyValue(b, undefined, m);
        assert.ok(ka.length <= m && kb.length <= m, 'ka.length <= m && kb.length <= m');
        const vc = sign(Buffer.compare(utf8(a), utf8(b)));
        const kc = sign(compareKeys(ka, kb));
        const ta = isTruncated(ka);
        const tb = isTruncated(kb);
        assert.equal(ta, escapedLength(utf8(a)) + 3 > m, `${show(a)} truncated iff too long`);
        if (vc !== 0) assert.ok(kc === vc || kc === 0, `${show(a)} vs ${show(b)} at ${m}: keys ${kc}, values ${vc}`);
        else assert.equal(kc, 0);
        if (kc === 0 && vc !== 0) assert.ok(ta && tb, 'equal keys of different values are both truncated');
        // The exact-bound guarantee: against an exact value, every key compares like its value.
        if (!ta) assert.equal(kc, vc);
        if (!tb) assert.equal(kc, vc);
        // A truncated key decodes to a prefix of the value.
        const d = decodeKeyValue(ka);
        assert.equal(d.truncated, ta);
        assert.ok(typeof d.value === 'string' && (ta ? a.startsWith(d.value) : d.value === a), `${show(d.value)} is a prefix of ${show(a)}`);
      }),
      runs(20000),
    );
  });

  it('bytes: the same guarantees', () => {
    const shared = fc
      .tuple(bytesArb, bytesArb, bytesArb)
      .map(([base, s1, s2]) => [Uint8Array.from([...base, ...s1]), Uint8Array.from([...base, ...s2])] as const);
    fc.assert(
      fc.property(shared, maxBytesArb, ([a, b], m) => {
        const ka = encodeKeyValue(a, undefined, m);
        const kb = encodeKeyValue(b, undefined, m);
        assert.ok(ka.length <= m && kb.length <= m, 'ka.length <= m && kb.length <= m');
        const vc = sign(Buffer.compare(a, b));
        const kc = sign(compareKeys(ka, kb));
        const ta = isTruncated(ka);
        assert.equal(ta, escapedLength(a) + 3 > m);
        if (vc !== 0) assert.ok(kc === vc || kc === 0, 'kc === vc || kc === 0');
        else assert.equal(kc, 0);
        if (kc === 0 && vc !== 0) assert.ok(ta && isTruncated(kb), 'ta && isTruncated(kb)');
        if (!ta || !isTruncated(kb)) assert.equal(kc, vc);
        const d = decodeKeyValue(ka);
        assert.ok(d.value instanceof Uint8Array, 'd.value instanceof Uint8Array');
        assert.equal(toHex(d.value, 1 << 20), toHex(ta ? a.subarray(0, d.value.length) : a, 1 << 20));
      }),
      runs(20000),
    );
  });

  it('lists: the same guarantees', () => {
    const shared = fc.tuple(listArb, listArb, listArb).map(([base, s1, s2]): [PropScalar[], PropScalar[]] => [[...base, ...s1], [...base, ...s2]]);
    fc.assert(
      fc.property(shared, fc.integer({ min: 16, max: 60 }), ([a, b], m) => {
        const ka = encodeKeyValue(a, undefined, m);
        const kb = encodeKeyValue(b, undefined, m);
        assert.ok(ka.length <= m && kb.length <= m, 'ka.length <= m && kb.length <= m');
        const exactA = encodeKeyValue(a, undefined, 4096);
        const vc = sign(valueCmp(a, b));
        const kc = sign(compareKeys(ka, kb));
        const ta = isTruncated(ka);
        assert.equal(ta, exactA.length > m, `${show(a)} truncated iff too long`);
        if (vc !== 0) assert.ok(kc === vc || kc === 0, `${show(a)} vs ${show(b)} at ${m}: keys ${kc}, values ${vc}`);
        else assert.equal(kc, 0);
        if (kc === 0 && vc !== 0) assert.ok(ta && isTruncated(kb), 'equal keys of different values are both truncated');
        if (!ta || !isTruncated(kb)) assert.equal(kc, vc);
        // A truncated list decodes to a prefix of its elements.
        const d = decodeKeyValue(ka);
        assert.equal(d.truncated, ta);
        assert.ok(Array.isArray(d.value), 'a list decodes as an array');
        const want = keyDecoded(a) as PropScalar[];
        assert.ok(sameKeyValue(d.value, ta ? want.slice(0, d.value.length) : want), `${show(d.value)} is a prefix of ${show(a)}`);
      }),
      runs(10000),
    );
  });

  it('long values at the default bound (256 bytes) stay at most 256 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 60, maxLength: 300 }), (s) => {
        const k = encodeKeyValue(s);
        assert.ok(k.length <= 256, 'k.length <= 256');
        assert.equal(isTruncated(k), escapedLength(utf8(s)) + 3 > 256);
      }),
      runs(500),
    );
  });
});

describe('key codec: range bounds select exactly what the predicate selects', () => {
  const INDEX = 5;
  const ops = ['eq', 'lt', 'le', 'gt', 'ge', 'between'] as const;

  function matches(v: PropValue, p: KeyPredicate): boolean {
    const bounds = p.op === 'between' ? [p.low, p.high] : [p.value];
    if (bounds.some((x) => typeClass(x) !== typeClass(v))) return false;
    const isNaNv = (x: PropValue) => Number.isNaN(unbox(x));
    if (p.op === 'eq') return valueCmp(v, p.value) === 0;
    if (isNaNv(v) || bounds.some(isNaNv)) return false;
    switch (p.op) {
      case 'lt':
        return valueCmp(v, p.value) < 0;
      case 'le':
        return valueCmp(v, p.value) <= 0;
      case 'gt':
        return valueCmp(v, p.value) > 0;
      case 'ge':
        return valueCmp(v, p.value) >= 0;
      case 'between': {
        const lo = valueCmp(v, p.low);
        const hi = valueCmp(v, p.high);
        return (p.lowInclusive === false ? lo > 0 : lo >= 0) && (p.highInclusive === false ? hi < 0 : hi <= 0);
      }
    }
  }

  const rangeValueArb: fc.Arbitrary<PropValue> = fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 4, arbitrary: numberArb },
    { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom('\0', 'a', 'b', 'é', '😀'), maxLength: 24 }) },
    // Long values sharing a prefix, so several are truncated to the same key at 16 and 20 bytes.
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.integer({ min: 10, max: 18 }), fc.string({ unit: fc.constantFrom('\0', 'a', 'b', 'é', '😀'), maxLength: 6 }))
        .map(([n, tail]) => 'a'.repeat(n) + tail),
    },
    { weight: 2, arbitrary: fc.array(fc.constantFrom(0, 1, 0xff), { maxLength: 24 }).map((a) => Uint8Array.from(a)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.integer({ min: 10, max: 18 }), fc.array(fc.constantFrom(0, 1, 0xff), { maxLength: 6 }))
        .map(([n, tail]) => Uint8Array.from([...new Array<number>(n).fill(1), ...tail])),
    },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }).map((t) => new Date(t)) },
    { weight: 1, arbitrary: boxedArb },
    // Lists: short ones (exact at 20 and 256 bytes, a number already cuts at 16) and long ones sharing a prefix.
    { weight: 3, arbitrary: fc.array(fc.constantFrom<PropScalar>(0, 1, 2, NaN, new BoxedFloat(1), 'a', 'b', '\0', true), { maxLength: 3 }) },
    { weight: 2, arbitrary: fc.array(fc.constantFrom<PropScalar>(0, 1, 'a', 'a\0'), { minLength: 1, maxLength: 12 }) },
  );

  it('for eq, lt, le, gt, ge, between: the scan equals the model, or (recheck) contains it with only truncated extras', () => {
    fc.assert(
      fc.property(
        fc.array(rangeValueArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(...ops),
        fc.nat(),
        fc.nat(),
        rangeValueArb,
        fc.tuple(fc.boolean(), fc.boolean()),
        fc.constantFrom(16, 20, 256),
        (values, op, i, j, fresh, inclusive, maxBytes) => {
          // Bounds are often stored values (to hit equality), sometimes fresh ones.
          const x: PropValue = i % 3 === 0 ? fresh : (values[i % values.length] as PropValue);
          let y: PropValue = values[j % values.length] as PropValue;
          if (typeClass(y) !== typeClass(x)) y = x;
          const p: KeyPredicate = op === 'between' ? { op, low: x, high: y, lowInclusive: inclusive[0], highInclusive: inclusive[1] } : { op, value: x };
          const keys = values.map((v, nodeId) => ({ v, nodeId, key: encodeIndexKey(INDEX, v, nodeId, maxBytes) }));
          // Neighbouring indexes must stay outside every range.
          keys.push({ v: null, nodeId: -1, key: encodeIndexKey(INDEX - 1, 'zzz', 0, maxBytes) });
          keys.push({ v: null, nodeId: -2, key: encodeIndexKey(INDEX + 1, null, 0, maxBytes) });
          const r = keyRange(indexKeyPrefix(INDEX), p, maxBytes);
          const scanned = keys.filter((k) => compareKeys(k.key, r.gte) >= 0 && compareKeys(k.key, r.lt) < 0);
          const model = keys.filter((k) => k.nodeId >= 0 && matches(k.v, p));
          const scannedIds = new Set(scanned.map((k) => k.nodeId));
          for (const k of model) assert.ok(scannedIds.has(k.nodeId), `${show(k.v)} matches ${op} but is outside the range`);
          const modelIds = new Set(model.map((k) => k.nodeId));
          const extras = scanned.filter((k) => !modelIds.has(k.nodeId));
          if (!r.recheck) {
            assert.equal(extras.length, 0, `extra hits ${extras.map((k) => show(k.v)).join(', ')} for ${op} ${show(x)}`);
          } else {
            const boundEncs = (p.op === 'between' ? [p.low, p.high] : [p.value]).map((b) => toHex(encodeKeyValue(b, undefined, maxBytes), 1 << 20));
            for (const k of extras) {
              assert.ok(k.nodeId >= 0, 'k.nodeId >= 0');
              assert.ok(isTruncated(k.key, 4), 'an extra hit is truncated');
              const enc = k.key.subarray(4, keyValueEnd(k.key, 4));
              assert.ok(boundEncs.includes(toHex(enc, 1 << 20)), 'an extra hit equals a truncated bound');
            }
          }
        },
      ),
      runs(3000),
    );
  });

  it('numeric ranges stop before NaN; a NaN bound selects nothing but eq NaN', () => {
    const prefix = indexKeyPrefix(1);
    const nanKey = encodeIndexKey(1, NaN, 3);
    const infKey = encodeIndexKey(1, Infinity, 4);
    const inRange = (r: { gte: Uint8Array; lt: Uint8Array }, k: Uint8Array) => compareKeys(k, r.gte) >= 0 && compareKeys(k, r.lt) < 0;
    assert.ok(!inRange(keyRange(prefix, { op: 'ge', value: 0 }), nanKey), '!inRange(keyRange(prefix, { op: \'ge\', value: 0 }), nanKey)');
    assert.ok(inRange(keyRange(prefix, { op: 'ge', value: 0 }), infKey), 'inRange(keyRange(prefix, { op: \'ge\', value: 0 }), infKey)');
    assert.ok(inRange(keyRange(prefix, { op: 'eq', value: NaN }), nanKey), 'inRange(keyRange(prefix, { op: \'eq\', value: NaN }), nanKey)');
    const r = keyRange(prefix, { op: 'lt', value: NaN });
    assert.equal(compareKeys(r.gte, r.lt), 0);
  });

  it('between with bounds of different types, or an unknown op, is INVALID_ARG', () => {
    throwsCode(() => keyRange(indexKeyPrefix(1), { op: 'between', low: 1, high: 'a' }), 'INVALID_ARG', /same type, got number and string/);
    throwsCode(() => keyRange(indexKeyPrefix(1), { op: 'between', low: [1], high: 'a' }), 'INVALID_ARG', /same type, got list and string/);
    keyRange(indexKeyPrefix(1), { op: 'between', low: new BoxedFloat(1), high: 2n });
    throwsCode(() => keyRange(indexKeyPrefix(1), { op: 'like', value: 1 } as unknown as KeyPredicate), 'INVALID_ARG', /op must be/);
    // Numbers of any kind mix.
    keyRange(indexKeyPrefix(1), { op: 'between', low: 1n, high: 2.5 });
  });

  it('list ranges hold only lists; a list holding NaN lies in them (only a top-level NaN lies in no range)', () => {
    const prefix = indexKeyPrefix(1);
    const inRange = (r: { gte: Uint8Array; lt: Uint8Array }, v: PropValue) => {
      const k = encodeIndexKey(1, v, 3);
      return compareKeys(k, r.gte) >= 0 && compareKeys(k, r.lt) < 0;
    };
    const ge = keyRange(prefix, { op: 'ge', value: [] });
    for (const v of [[], [NaN], ['z'], [new Date(0)]]) assert.ok(inRange(ge, v), `${show(v)} >= []`);
    for (const v of [null, NaN, 'z', new Date(8.64e15), true]) assert.ok(!inRange(ge, v), `${show(v)} is not a list`);
    assert.ok(inRange(keyRange(prefix, { op: 'gt', value: [5] }), [NaN]), '[NaN] > [5]');
    assert.ok(!inRange(keyRange(prefix, { op: 'lt', value: [1, 2] }), [1, 2]), '[1, 2] < [1, 2] is false');
    assert.ok(inRange(keyRange(prefix, { op: 'lt', value: [1, 2] }), [1]), '[1] < [1, 2]');
    assert.ok(inRange(keyRange(prefix, { op: 'eq', value: [new BoxedFloat(1)] }), [1n]), '[1.0] = [1n]');
  });

  it('between with low > high is empty', () => {
    const r = keyRange(indexKeyPrefix(1), { op: 'between', low: 5, high: 3 });
    assert.equal(compareKeys(r.gte, r.lt), 0);
    assert.equal(r.recheck, false);
  });
});

describe('key codec: bad input is INVALID_ARG', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['undefined', undefined, /unsupported value undefined/],
    ['an object', { a: 1 }, /plain object/],
    ['a symbol', Symbol('k'), /Symbol\(k\)/],
    ['2^63 as bigint', 2n ** 63n, /outside the signed 64-bit range/],
    ['a lone surrogate', 'x\uD800', /lone surrogate U\+D800 at index 1/],
    ['a lone surrogate past the truncation point', `${'x'.repeat(300)}\uDC00`, /lone surrogate U\+DC00 at index 300/],
    ['an invalid Date', new Date(NaN), /invalid Date/],
    ['a list holding null', [1, null], /a list with null at index 1/],
    ['a list holding a list', [[1]], /a list with a list at index 0/],
    ['a list holding a lone surrogate past the truncation point', [...new Array<number>(40).fill(1), 'x\uD800'], /element at index 40 is a string with a lone surrogate/],
    ['a list holding null past the truncation point', [...new Array<number>(40).fill(1), null], /a list with null at index 40/],
    ['a list holding a list past the truncation point', [...new Array<number>(40).fill(1), []], /a list with a list at index 40/],
    ['a BoxedFloat of a string', new BoxedFloat('x' as unknown as number), /a BoxedFloat whose value is the string "x"/],
  ];
  for (const [what, value, pattern] of bad) {
    it(`refuses ${what}`, () => {
      const w = new ByteWriter();
      w.u8(1);
      throwsCode(() => encodeKeyValue(value as PropValue, w), 'INVALID_ARG', pattern);
      assert.equal(w.length, 1, 'nothing appended');
      throwsCode(() => encodeIndexKey(1, value as PropValue, 1, undefined, w), 'INVALID_ARG', /^index key value: /);
      assert.equal(w.length, 1, 'nothing appended');
      throwsCode(() => keyRange(indexKeyPrefix(1), { op: 'eq', value: value as PropValue }), 'INVALID_ARG');
    });
  }

  it('refuses a maxBytes out of range', () => {
    for (const m of [0, 15, 4097, 100.5, NaN]) {
      throwsCode(() => encodeKeyValue('a', undefined, m), 'INVALID_ARG', /"maxBytes" must be an integer in \[16, 4096\]/);
    }
  });
});

describe('key codec: corrupt bytes are CORRUPTION, never a crash or a hang', () => {
  const corrupt: Array<[string, string, RegExp]> = [
    ['tag 0x00', '00', /rule K2: unknown key tag 0x00/],
    ['tag 0x0f', '0f', /rule K2: unknown key tag 0x0f/],
    ['a list without terminator', '08 03', /rule K1/],
    ['a list holding null', '08 01 00 00', /rule K8: a list element has tag 0x01/],
    ['a list holding a list', '08 08 00 00 00 00', /rule K8: a list element has tag 0x08/],
    ['a list holding an unknown tag', '08 0f 00 00', /rule K8: a list element has tag 0x0f/],
    ['an exact list cut inside a number', '08 04 80 00 ff 00 00', /rule K8: the last element of a list \(tag 0x04\) is cut short/],
    ['an exact list cut inside a string', '08 05 61 00 00', /rule K8: the last element/],
    ['a list holding a truncated string', '08 05 61 00 ff 01 00 00', /rule K8: a list element is truncated/],
    ['a list holding a string with 00 02', '08 05 61 00 ff 02 00 00', /rule K4/],
    ['a list holding invalid UTF-8', '08 05 ff 00 ff 00 ff 00 00', /rule K5/],
    ['a list holding -0', '08 04 7f ff ff ff ff ff ff ff 80 00 ff 00 00', /rule K3/],
    ['a list holding a date past 8.64e15 ms', '08 07 80 1e b2 08 c2 dc 00 ff 01 00 00', /rule K6/],
    ['tag 0xff', 'ff', /rule K2/],
    ['an empty key', '', /rule K1/],
    ['a number cut short', '04 80 00', /rule K1/],
    ['a number without its offset', '04 80 00 00 00 00 00 00 00', /rule K1/],
    ['-0', '04 7f ff ff ff ff ff ff ff 80 00', /rule K3: a number is -0/],
    ['a negative NaN', '04 00 00 00 00 00 00 00 00 80 00', /rule K3/],
    ['a NaN with a payload', '04 ff f8 00 00 00 00 00 01 80 00', /rule K3/],
    ['a NaN with an offset', '04 ff f8 00 00 00 00 00 00 80 01', /rule K3/],
    ['an offset on a fraction', '04 bf f8 00 00 00 00 00 00 80 01', /rule K3: offset 1 from 1.5/],
    ['an offset on a small integer', '04 bf f0 00 00 00 00 00 00 80 01', /rule K3/],
    ['an offset past int64', '04 c3 e0 00 00 00 00 00 00 80 01', /rule K3/],
    ['an offset beyond the rounding', '04 c3 40 00 00 00 00 00 00 80 02', /rule K3/],
    ['an offset on infinity', '04 ff f0 00 00 00 00 00 00 7f ff', /rule K3/],
    ['a string without terminator', '05 61 62', /rule K1/],
    ['a string ending in 00', '05 61 00', /rule K1/],
    ['00 followed by 02', '05 61 00 02', /rule K4: 0x00 is followed by 0x02/],
    ['bytes with 00 followed by 7f', '06 00 7f 00 00', /rule K4/],
    ['invalid UTF-8', '05 ff 00 00', /rule K5/],
    ['an exact string cut inside a character', '05 e2 82 00 00', /rule K5/],
    ['invalid UTF-8 inside a truncated string', '05 ff 61 e2 00 01', /rule K5: a truncated string/],
    ['a date cut short', '07 80 00', /rule K1/],
    ['a date past 8.64e15 ms', '07 80 1e b2 08 c2 dc 00 01', /rule K6/],
  ];
  for (const [what, bytes, pattern] of corrupt) {
    it(`refuses ${what}`, () => {
      throwsCode(() => decodeKeyValue(hex(bytes)), 'CORRUPTION', pattern);
      // Skipping a value checks its structure only: not K3, K5, K6, nor a list's content (its elements: K4 inside, K8).
      const structural = bytes.startsWith('08') ? /K1|K2/.test(pattern.source) : !/K3|K5|K6/.test(pattern.source);
      if (structural) {
        throwsCode(() => isTruncated(hex(bytes)), 'CORRUPTION', pattern);
        throwsCode(() => keyValueEnd(hex(bytes)), 'CORRUPTION', pattern);
      }
    });
  }

  it('decodeIndexKey refuses trailing bytes, a short node id and a node id of 2^53', () => {
    throwsCode(() => decodeIndexKey(hex('00 00 00 07 01 00 00 00 00 00 00 00 01 00')), 'CORRUPTION', /rule K1: 1 bytes follow the node id/);
    throwsCode(() => decodeIndexKey(hex('00 00 00 07 01 00 00 00 00 00 00 01')), 'CORRUPTION', /rule K1/);
    throwsCode(() => decodeIndexKey(hex('00 00 00 07 01 00 20 00 00 00 00 00 00')), 'CORRUPTION', /rule K7/);
    throwsCode(() => decodeIndexKey(hex('00 00')), 'CORRUPTION', /rule K1/);
  });

  it('random and mutated keys decode or fail with CORRUPTION only', () => {
    const mutated = fc
      .tuple(
        keyValueArb.map((v) => encodeIndexKey(2, v, 77, 20)),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
      )
      .map(([b, edits]) => {
        const out = Uint8Array.from(b);
        for (const [at, byte] of edits) out[at % out.length] = byte;
        return out;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), mutated), (bytes) => {
        for (const decode of [() => decodeKeyValue(bytes), () => decodeKeyValue(bytes, 4), () => decodeIndexKey(bytes), () => isTruncated(bytes, 4)]) {
          try {
            decode();
          } catch (err) {
            if (!(err instanceof CorruptionError)) throw err;
          }
        }
      }),
      runs(5000),
    );
  });

  it('a key value that decodes exactly re-encodes to the same bytes (canonical form)', () => {
    const body = fc.array(fc.constantFrom(0x00, 0x01, 0x3f, 0x40, 0x61, 0x7f, 0x80, 0xbf, 0xc3, 0xe0, 0xf0, 0xff), { minLength: 0, maxLength: 12 });
    const keyish = fc.tuple(fc.integer({ min: 1, max: 8 }), body).map(([tag, rest]) => Uint8Array.from([tag, ...rest]));
    fc.assert(
      fc.property(keyish, (bytes) => {
        let d;
        try {
          d = decodeKeyValue(bytes);
        } catch (err) {
          if (err instanceof CorruptionError) return;
          throw err;
        }
        if (d.truncated) return;
        assert.equal(toHex(encodeKeyValue(d.value, undefined, 4096)), toHex(bytes.subarray(0, d.end)));
      }),
      runs(20000),
    );
  });
});
