import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { toHex } from '../../src/base/bytes.js';
import { CorruptionError, InvalidArgError } from '../../src/base/errors.js';
import { BoxedFloat } from '../../src/graph/boxed-float.js';
import { ByteReader } from '../../src/graph/byte-reader.js';
import { ByteWriter } from '../../src/graph/byte-writer.js';
import {
  checkPropValue,
  decodeProps,
  decodePropsToObject,
  decodeValue,
  encodeProps,
  encodeValue,
  findProp,
  readProps,
  readValue,
  writeProps,
  writeValue,
  type PropEntry,
  type PropScalar,
  type PropValue,
} from '../../src/graph/value-codec.js';
import { hex, runs, throwsCode } from '../helpers/codec-test-tools.js';

/**
 * The value `v` reads back as: a bigint within +-(2^53 - 1) comes back as a
 * number; a BoxedFloat as its number, or (`boxed`, boxIntegralFloats) as a
 * BoxedFloat when it holds a safe integer, and then -0 too; list elements likewise.
 */
function expectedRoundTrip(v: PropValue, boxed = false): PropValue {
  if (Array.isArray(v)) return v.map((e) => expectedRoundTrip(e, boxed) as PropScalar);
  if (typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  if (v instanceof BoxedFloat) return boxed && Number.isSafeInteger(v.value) ? new BoxedFloat(v.value) : v.value;
  // -0 is stored as a float holding a safe integer: boxed like 1.0 (as the query engine's makeFloat boxes it).
  if (boxed && Object.is(v, -0)) return new BoxedFloat(-0);
  return v;
}

/** Exact equality for property values: Object.is for numbers (NaN, -0), content for bytes and dates, boxes and lists element by element. */
function sameValue(a: PropValue | undefined, b: PropValue | undefined): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  }
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  if (a instanceof BoxedFloat || b instanceof BoxedFloat) return a instanceof BoxedFloat && b instanceof BoxedFloat && Object.is(a.value, b.value);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  return Object.is(a, b);
}

function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof BoxedFloat) return `BoxedFloat(${show(v.value)})`;
  if (typeof v === 'bigint') return `${v}n`;
  if (Object.is(v, -0)) return '-0';
  return `${String(v)} (${typeof v})`;
}

function assertSame(actual: PropValue | undefined, expected: PropValue | undefined, what = ''): void {
  assert.ok(sameValue(actual, expected), `${what}: got ${show(actual)}, expected ${show(expected)}`);
}

/** Every storable value but lists, with the edge cases weighted in. */
const scalarArb: fc.Arbitrary<PropScalar> = fc.oneof(
  fc.boolean(),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: -300, max: 300 }),
  fc.double(),
  fc.constantFrom(-0, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, 1e300, 0.1),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.constantFrom(-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n, -(2n ** 53n), 2n ** 53n - 1n, 0n),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('a', '\0', 'é', '€', '😀', '\uFEFF'), maxLength: 60 }),
  fc.uint8Array({ maxLength: 64 }),
  fc.date({ noInvalidDate: true }),
  // Floats the query engine boxes (1.0, -0.0, 0.0), and boxes of other floats (stored as the same float).
  fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(-0, 0)).map((x) => new BoxedFloat(x)),
  fc.oneof(fc.double(), fc.constantFrom(NaN, 2 ** 53, 0.5)).map((x) => new BoxedFloat(x)),
);

/** Every storable value: null, a scalar, or a list of scalars (mixed types, empty, long). */
const propValueArb: fc.Arbitrary<PropValue> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 10, arbitrary: scalarArb },
  { weight: 2, arbitrary: fc.array(scalarArb, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 60, maxLength: 200 }) },
);

describe('value codec: golden bytes (the format comment, byte for byte)', () => {
  const golden: Array<[string, PropValue, string?]> = [
    ['00', null],
    ['01', false],
    ['02', true],
    ['03 00', 0],
    ['03 01', -1],
    ['03 02', 1],
    ['03 7e', 63],
    ['03 7f', -64],
    ['03 80 01', 64],
    ['03 81 01', -65],
    ['03 fe ff ff ff ff ff ff 1f', Number.MAX_SAFE_INTEGER],
    ['03 fd ff ff ff ff ff ff 1f', Number.MIN_SAFE_INTEGER],
    ['03 80 80 80 80 80 80 80 20', 2n ** 53n],
    ['03 ff ff ff ff ff ff ff 1f', -(2n ** 53n)],
    ['03 fe ff ff ff ff ff ff ff ff 01', 2n ** 63n - 1n],
    ['03 ff ff ff ff ff ff ff ff ff 01', -(2n ** 63n)],
    ['04 3f e0 00 00 00 00 00 00', 0.5],
    ['04 80 00 00 00 00 00 00 00', -0],
    ['04 7f f8 00 00 00 00 00 00', NaN],
    ['04 7f f0 00 00 00 00 00 00', Infinity],
    ['04 ff f0 00 00 00 00 00 00', -Infinity],
    ['04 43 40 00 00 00 00 00 00', 2 ** 53],
    ['05 00', ''],
    ['05 03 41 64 61', 'Ada'],
    ['05 01 00', '\0'],
    ['05 02 c3 a9', 'é'],
    ['05 03 ef bb bf', '\uFEFF'],
    ['05 04 f0 9f 98 80', '😀'],
    ['06 00', new Uint8Array(0)],
    ['06 03 00 ff 7f', new Uint8Array([0, 0xff, 0x7f])],
    ['07 00', new Date(0)],
    ['07 01', new Date(-1)],
    ['07 d0 0f', new Date(1000)],
    ['07 80 80 e0 ad 98 82 d9 1e', new Date(8.64e15)],
    ['07 ff ff df ad 98 82 d9 1e', new Date(-8.64e15)],
  ];
  for (const [bytes, value] of golden) {
    it(`${bytes} <-> ${typeof value === 'bigint' ? `${value}n` : String(value instanceof Uint8Array ? `bytes[${value.length}]` : typeof value === 'string' ? JSON.stringify(value) : value)}`, () => {
      const b = hex(bytes);
      assertSame(decodeValue(b), expectedRoundTrip(value), 'decoded');
      assert.equal(toHex(encodeValue(value)), toHex(b));
    });
  }

  // Version 2: lists and integral floats (written from a BoxedFloat). Bytes, default decoding, boxed decoding, the value written.
  const goldenV2: Array<[string, PropValue, PropValue, PropValue]> = [
    ['04 3f f0 00 00 00 00 00 00', 1, new BoxedFloat(1), new BoxedFloat(1)],
    ['04 00 00 00 00 00 00 00 00', 0, new BoxedFloat(0), new BoxedFloat(0)],
    ['04 80 00 00 00 00 00 00 00', -0, new BoxedFloat(-0), new BoxedFloat(-0)],
    ['04 c0 08 00 00 00 00 00 00', -3, new BoxedFloat(-3), new BoxedFloat(-3)],
    ['04 43 3f ff ff ff ff ff ff', 2 ** 53 - 1, new BoxedFloat(2 ** 53 - 1), new BoxedFloat(2 ** 53 - 1)],
    ['04 3f e0 00 00 00 00 00 00', 0.5, 0.5, new BoxedFloat(0.5)],
    ['04 43 40 00 00 00 00 00 00', 2 ** 53, 2 ** 53, new BoxedFloat(2 ** 53)],
    ['04 7f f8 00 00 00 00 00 00', NaN, NaN, new BoxedFloat(NaN)],
    ['08 00', [], [], []],
    ['08 03 05 01 61 03 02 04 40 00 00 00 00 00 00 00', ['a', 1, 2], ['a', 1, new BoxedFloat(2)], ['a', 1, new BoxedFloat(2)]],
    ['08 02 05 01 61 05 01 62', ['a', 'b'], ['a', 'b'], ['a', 'b']],
    ['08 04 01 02 03 ff ff ff ff ff ff ff ff ff 01 07 00', [false, true, -(2n ** 63n), new Date(0)], [false, true, -(2n ** 63n), new Date(0)], [false, true, -(2n ** 63n), new Date(0)]],
    ['08 02 06 01 00 04 3f f8 00 00 00 00 00 00', [Uint8Array.of(0), 1.5], [Uint8Array.of(0), 1.5], [Uint8Array.of(0), 1.5]],
  ];
  for (const [bytes, plain, boxed, written] of goldenV2) {
    it(`v2: ${bytes} <-> ${show(written)}`, () => {
      const b = hex(bytes);
      assertSame(decodeValue(b), plain, 'decoded');
      assertSame(decodeValue(b, 0, b.length, true), boxed, 'decoded with boxIntegralFloats');
      assert.equal(toHex(encodeValue(written)), toHex(b));
      assert.equal(toHex(encodeValue(decodeValue(b, 0, b.length, true))), toHex(b), 're-encoded from the boxed decoding');
    });
  }

  it('a BoxedFloat holding an integer and the equal number: two encodings, both canonical', () => {
    assert.equal(toHex(encodeValue(new BoxedFloat(1))), '043ff0000000000000');
    assert.equal(toHex(encodeValue(1)), '0302');
    assert.equal(toHex(encodeValue([new BoxedFloat(1), 1])), '0802043ff00000000000000302');
    assertSame(decodeValue(hex('08 02 04 3f f0 00 00 00 00 00 00 03 02')), [1, 1]);
    assertSame(decodeValue(hex('08 02 04 3f f0 00 00 00 00 00 00 03 02'), 0, 13, true), [new BoxedFloat(1), 1]);
  });

  it('decodes and re-encodes the property map example of the format comment', () => {
    const b = hex('04  01 05 03 41 64 61  02 03 48  03 04 3F E0 00 00 00 00 00 00  04 02');
    const names = ['?', 'name', 'age', 'score', 'admin'];
    assert.deepEqual(decodeProps(b), [[1, 'Ada'], [2, 36], [3, 0.5], [4, true]]);
    assert.deepEqual(decodePropsToObject(b, (id) => names[id]!), { name: 'Ada', age: 36, score: 0.5, admin: true });
    assert.equal(toHex(encodeProps([[1, 'Ada'], [2, 36], [3, 0.5], [4, true]])), toHex(b));
    assert.equal(toHex(encodeProps([])), '00');
  });
});

describe('value codec: round trips', () => {
  it('every storable value decodes to itself (a safe bigint as a number)', () => {
    fc.assert(
      fc.property(propValueArb, (v) => {
        const bytes = encodeValue(v);
        const back = decodeValue(bytes);
        assertSame(back, expectedRoundTrip(v), 'round trip');
        // Canonical: the decoded value encodes to the same bytes (unless a box held an integer, which reads back as a number).
        const boxesInteger = (x: PropValue): boolean => (Array.isArray(x) ? x.some(boxesInteger) : x instanceof BoxedFloat && Number.isSafeInteger(x.value) && !Object.is(x.value, -0));
        if (!boxesInteger(v)) assert.equal(toHex(encodeValue(back), 1 << 20), toHex(bytes, 1 << 20));
      }),
      runs(3000),
    );
  });

  it('every storable value decodes with boxIntegralFloats to itself, boxes kept, and re-encodes identically (canonical)', () => {
    fc.assert(
      fc.property(propValueArb, (v) => {
        const bytes = encodeValue(v);
        const back = decodeValue(bytes, 0, bytes.length, true);
        assertSame(back, expectedRoundTrip(v, true), 'boxed round trip');
        assert.equal(toHex(encodeValue(back), 1 << 20), toHex(bytes, 1 << 20));
      }),
      runs(3000),
    );
  });

  it('integers keep their JS type: number stays number, an unsafe bigint stays bigint', () => {
    assert.equal(typeof decodeValue(encodeValue(30)), 'number');
    assert.equal(typeof decodeValue(encodeValue(30n)), 'number');
    assert.equal(decodeValue(encodeValue(2n ** 53n)), 2n ** 53n);
    assert.equal(decodeValue(encodeValue(-(2n ** 53n))), -(2n ** 53n));
    assert.equal(decodeValue(encodeValue(2n ** 53n - 1n)), 2 ** 53 - 1);
    // A number beyond 2^53 is a float and comes back as the same number.
    assert.equal(decodeValue(encodeValue(2 ** 60)), 2 ** 60);
    assert.equal(encodeValue(2 ** 60)[0], 0x04);
    // 30.0 is 30, an integer; -0 is kept as a float.
    assert.equal(encodeValue(30.0)[0], 0x03);
    assert.ok(Object.is(decodeValue(encodeValue(-0)), -0), 'Object.is(decodeValue(encodeValue(-0)), -0)');
  });

  it('strings at the varint length boundaries and beyond the JS-loop encoder', () => {
    for (const n of [0, 1, 42, 43, 63, 64, 65, 127, 128, 200, 16383, 16384, 70000]) {
      for (const unit of ['a', 'é', '€', '😀', '\0']) {
        const s = unit.repeat(Math.ceil(n / unit.length)).slice(0, n - (n % unit.length));
        const b = encodeValue(s);
        assert.equal(decodeValue(b), s, `length ${n} of ${JSON.stringify(unit)}`);
      }
    }
  });

  it('keeps a leading byte order mark (a BOM is data)', () => {
    assert.equal(decodeValue(encodeValue('\uFEFFx')), '\uFEFFx');
    assert.equal(decodeValue(encodeValue('\uFEFF'.repeat(40))), '\uFEFF'.repeat(40));
  });

  it('decodes bytes as a fresh plain Uint8Array, never a view of the input or a Buffer', () => {
    const input = Buffer.from([1, 2, 3]);
    const page = Buffer.alloc(64);
    page.set(encodeValue(input), 10);
    const out = decodeValue(page, 10, 15);
    assert.ok(out instanceof Uint8Array, 'out instanceof Uint8Array');
    assert.ok(!Buffer.isBuffer(out), '!Buffer.isBuffer(out)');
    assert.deepEqual([...out], [1, 2, 3]);
    page.fill(0);
    assert.deepEqual([...out], [1, 2, 3]);
  });

  it('property maps: any order in, sorted by key id out; every property found by findProp', () => {
    const entriesArb = fc.uniqueArray(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constant(0xffff_ffff)), propValueArb), {
      selector: (e) => e[0],
      maxLength: 12,
    });
    fc.assert(
      fc.property(entriesArb, fc.integer({ min: 0, max: 7 }), (entries, pad) => {
        const bytes = encodeProps(entries);
        const sorted = [...entries].sort((a, b) => a[0] - b[0]);
        const decoded = decodeProps(bytes);
        assert.equal(decoded.length, sorted.length);
        decoded.forEach(([id, v], i) => {
          assert.equal(id, sorted[i]![0]);
          assertSame(v, expectedRoundTrip(sorted[i]![1]), `key ${id}`);
        });
        // Embedded at an offset inside a bigger buffer, as in a page.
        const page = new Uint8Array(pad + bytes.length + 5).fill(0xee);
        page.set(bytes, pad);
        const obj = decodePropsToObject(page, (id) => `k${id}`, pad, pad + bytes.length);
        assert.deepEqual(Object.keys(obj), sorted.map(([id]) => `k${id}`));
        const boxedObj = decodePropsToObject(page, (id) => `k${id}`, pad, pad + bytes.length, true);
        const boxedEntries = decodeProps(page, pad, pad + bytes.length, true);
        sorted.forEach(([id, v], i) => {
          assertSame(obj[`k${id}`], expectedRoundTrip(v), `object key ${id}`);
          assertSame(findProp(page, id, pad, pad + bytes.length), expectedRoundTrip(v), `findProp ${id}`);
          assertSame(boxedObj[`k${id}`], expectedRoundTrip(v, true), `boxed object key ${id}`);
          assertSame(boxedEntries[i]![1], expectedRoundTrip(v, true), `boxed entry ${id}`);
          assertSame(findProp(page, id, pad, pad + bytes.length, true), expectedRoundTrip(v, true), `boxed findProp ${id}`);
        });
        for (const absent of [1, 150, 301, 0xffff_fffe]) {
          if (!entries.some(([id]) => id === absent)) assert.equal(findProp(bytes, absent), undefined);
        }
      }),
      runs(1000),
    );
  });

  it('a property named __proto__ becomes an own property, not the prototype', () => {
    const bytes = encodeProps([[1, null], [2, 'x']]);
    const obj = decodePropsToObject(bytes, (id) => (id === 1 ? '__proto__' : 'b'));
    assert.equal(Object.getPrototypeOf(obj), Object.prototype);
    assert.ok(Object.hasOwn(obj, '__proto__'), 'Object.hasOwn(obj, \'__proto__\')');
    assert.equal(Object.getOwnPropertyDescriptor(obj, '__proto__')?.value, null);
    assert.deepEqual(Object.keys(obj), ['__proto__', 'b']);
  });

  it('with an out writer, appends and returns a view; without, returns a fresh copy', () => {
    const w = new ByteWriter(4);
    w.u8(0xaa);
    const view = encodeProps([[3, 'hello world, long enough to grow the writer']], w);
    assert.equal(w.buf[0], 0xaa);
    assert.equal(view.buffer, w.buf.buffer);
    assert.equal(view.byteOffset, 1);
    assert.deepEqual(decodeProps(view), [[3, 'hello world, long enough to grow the writer']]);
    const a = encodeProps([[1, 1]]);
    const b = encodeProps([[1, 2]]);
    assert.notEqual(a.buffer, b.buffer);
    assert.deepEqual(decodeProps(a), [[1, 1]]);
  });

  it('the reader-level API composes: a value, a map and a value back to back', () => {
    const w = new ByteWriter();
    writeValue(w, 'head');
    writeProps(w, [[5, 1.25], [2, new Date(42)]]);
    writeValue(w, 7n);
    const r = new ByteReader(w.view(), 0, w.length, 'test record');
    assert.equal(readValue(r), 'head');
    const props: PropEntry[] = readProps(r);
    assert.equal(props.length, 2);
    assert.deepEqual(props[0]![0], 2);
    assertSame(props[0]![1], new Date(42));
    assert.deepEqual(props[1], [5, 1.25]);
    assert.equal(readValue(r), 7);
    assert.equal(r.pos, w.length);
  });
});

describe('value codec: bad input is INVALID_ARG naming the property and the value', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['undefined', undefined, /unsupported value undefined/],
    ['a plain object', { a: 1 }, /a plain object \{"a":1\}/],
    ['a list holding null', [1, null], /a list with null at index 1 \(a stored list cannot hold null\)/],
    ['a list holding a list', ['a', ['b']], /a list with a list at index 1 \(a stored list holds scalar values, lists do not nest\)/],
    ['a list holding undefined', [1, 2, undefined], /a list whose element at index 2 is an unsupported value undefined/],
    ['a list with a hole', [1, , 3], /a list whose element at index 1 is an unsupported value undefined/],
    ['a list holding an object', [{ a: 1 }], /element at index 0 is an unsupported value a plain object/],
    ['a list holding a lone surrogate', ['ok', 'x\uD800'], /element at index 1 is a string with a lone surrogate U\+D800 at index 1/],
    ['a list holding an invalid Date', [new Date(NaN)], /element at index 0 is an invalid Date/],
    ['a list holding a bigint beyond int64', [2n ** 64n], /element at index 0 is the integer 18446744073709551616n is outside/],
    ['a BoxedFloat of a string', new BoxedFloat('1' as unknown as number), /a BoxedFloat whose value is the string "1", not a number/],
    ['a list holding a bad BoxedFloat', [new BoxedFloat(1n as unknown as number)], /element at index 0 is a BoxedFloat whose value is bigint 1, not a number/],
    ['a function', function f() {}, /a function \(f\)/],
    ['a symbol', Symbol('s'), /Symbol\(s\)/],
    ['a Map', new Map(), /object of class Map/],
    ['an Int16Array', new Int16Array(2), /object of class Int16Array/],
    ['an ArrayBuffer', new ArrayBuffer(2), /object of class ArrayBuffer/],
    ['a null-prototype object', Object.create(null) as object, /null prototype/],
    ['2^63 as bigint', 2n ** 63n, /9223372036854775808n is outside the signed 64-bit range/],
    ['-2^63 - 1 as bigint', -(2n ** 63n) - 1n, /-9223372036854775809n is outside/],
    ['a lone high surrogate', 'ab\uD800', /lone surrogate U\+D800 at index 2/],
    ['a lone low surrogate', '\uDC00x', /lone surrogate U\+DC00 at index 0/],
    ['reversed surrogates', '\uDE00\uD83D', /lone surrogate U\+DE00 at index 0/],
    ['a lone surrogate in a long string', `${'x'.repeat(100)}\uD83D`, /lone surrogate U\+D83D at index 100/],
    ['an invalid Date', new Date(NaN), /invalid Date/],
  ];
  for (const [what, value, pattern] of bad) {
    it(`refuses ${what}`, () => {
      const v = value as PropValue;
      throwsCode(() => encodeProps([[1, 'fine'], [7, v]], undefined, (id) => (id === 7 ? 'age' : 'name')), 'INVALID_ARG', pattern);
      throwsCode(() => encodeProps([[7, v]], undefined, () => 'age'), 'INVALID_ARG', /property "age" \(key id 7\)/);
      throwsCode(() => encodeProps([[7, v]]), 'INVALID_ARG', /property key id 7/);
      throwsCode(() => encodeValue(v, undefined, 'age'), 'INVALID_ARG', /^property "age": /);
      throwsCode(() => encodeValue(v), 'INVALID_ARG', /^property value: /);
      throwsCode(() => checkPropValue(v, 'age'), 'INVALID_ARG', pattern);
    });
  }

  it('an unsupported type lists what is supported', () => {
    throwsCode(() => encodeValue({} as PropValue), 'INVALID_ARG', /a property value is null, a boolean, a number, a bigint, a string, a Uint8Array, a Date, a BoxedFloat, a TemporalValue, a DurationValue, or an array of those other than null \(no nested arrays\)/);
    throwsCode(() => encodeValue([undefined] as unknown as PropValue), 'INVALID_ARG', /; a property value is null, a boolean/);
  });

  it('leaves an out writer as it was when a value is refused', () => {
    const w = new ByteWriter();
    w.u8(0x11);
    throwsCode(() => encodeProps([[1, 'ok'], [2, 'also fine'], [3, undefined as unknown as PropValue]], w), 'INVALID_ARG');
    assert.equal(w.length, 1);
    throwsCode(() => encodeValue('a\uD800b', w), 'INVALID_ARG');
    assert.equal(w.length, 1);
    throwsCode(() => encodeValue(`${'long string '.repeat(20)}\uDBFF`, w), 'INVALID_ARG');
    assert.equal(w.length, 1);
    throwsCode(() => encodeValue(['a', 'b', 1, 2, null as unknown as PropScalar], w), 'INVALID_ARG');
    assert.equal(w.length, 1);
    throwsCode(() => encodeProps([[1, ['fine', 'list']], [2, [1, 'x\uD800']]], w), 'INVALID_ARG');
    assert.equal(w.length, 1);
  });

  it('refuses key ids that are not u32, duplicate key ids and malformed entries', () => {
    for (const id of [-1, 1.5, 2 ** 32, NaN, '3' as unknown as number]) {
      throwsCode(() => encodeProps([[id, 1]]), 'INVALID_ARG', /key id must be an integer in \[0, 2\^32 - 1\]/);
    }
    throwsCode(() => encodeProps([[4, 1], [2, 2], [4, 3]], undefined, () => 'age'), 'INVALID_ARG', /property "age" \(key id 4\) appears more than once/);
    throwsCode(() => encodeProps([[4, 1], [4, 1]]), 'INVALID_ARG', /key id 4 appears more than once/);
    throwsCode(() => encodeProps({} as unknown as PropEntry[]), 'INVALID_ARG', /must be an array/);
    throwsCode(() => encodeProps([[1]] as unknown as PropEntry[]), 'INVALID_ARG', /properties\[0\] must be a \[keyId, value\] pair/);
  });

  it('accepts every value of the generator (valid input is never refused)', () => {
    fc.assert(fc.property(propValueArb, (v) => checkPropValue(v)), runs(500));
  });
});

describe('value codec: corrupt bytes are CORRUPTION, never a crash or a hang', () => {
  const corrupt: Array<[string, string, RegExp]> = [
    ['an unknown tag', '0b', /rule R2: unknown value tag 0x0b/],
    ['tag 0xff', 'ff', /rule R2/],
    ['an empty input', '', /rule R1/],
    ['an integer without its varint', '03', /rule R1/],
    ['a varint cut short', '03 80', /rule R1/],
    ['a non-minimal varint', '03 80 00', /rule V2/],
    ['a non-minimal one-group varint', '03 81 80 00', /rule V2/],
    ['a varint of 11 bytes', '03 ff ff ff ff ff ff ff ff ff ff 01', /rule V1/],
    ['a varint above 2^64 - 1', '03 ff ff ff ff ff ff ff ff ff 02', /rule V1/],
    ['a string length above 2^32 - 1', '05 ff ff ff ff 1f', /rule V1/],
    ['a string length of 6 bytes', '05 80 80 80 80 80 01', /rule V1/],
    ['a string past the end', '05 05 41 42', /rule R1/],
    ['bytes past the end', '06 02 00', /rule R1/],
    ['a float cut short', '04 3f f0 00', /rule R1/],
    ['a non-canonical NaN', '04 7f f8 00 00 00 00 00 01', /rule R3: a float NaN is not the canonical/],
    ['a negative NaN', '04 ff f8 00 00 00 00 00 00', /rule R3/],
    ['invalid UTF-8', '05 01 ff', /rule R4/],
    ['an overlong NUL', '05 02 c0 80', /rule R4/],
    ['an encoded surrogate', '05 03 ed a0 80', /rule R4/],
    ['a code point above U+10FFFF', '05 04 f4 90 80 80', /rule R4/],
    ['a cut UTF-8 sequence', '05 02 e2 82', /rule R4/],
    ['a long invalid string', `05 28 ${'41 '.repeat(39)} c3`, /rule R4/],
    ['a date 1 ms past 8.64e15 ms', '07 82 80 e0 ad 98 82 d9 1e', /rule R5/],
    ['a date beyond 2^53', '07 80 80 80 80 80 80 80 80 80 01', /rule R5/],
    ['bytes after the value', '00 00', /rule P3: 1 bytes are left/],
    ['a list without its count', '08', /rule R1/],
    ['a list count that cannot fit', '08 03 02 02', /rule R7: a list of 3 elements cannot fit in the 2 bytes/],
    ['a list count of 2^32 - 1', '08 ff ff ff ff 0f', /rule R7/],
    ['a list cut inside an element', '08 02 02 05 02 61', /rule R1/],
    ['a list holding null', '08 02 02 00', /rule R6: a list element has tag 0x00 \(null\)/],
    ['a list holding a list', '08 01 08 00', /rule R6: a list element has tag 0x08 \(a nested list\)/],
    ['a list holding an unknown tag', '08 01 0b', /rule R2: unknown value tag 0x0b/],
    ['a list holding a non-canonical NaN', '08 01 04 7f f8 00 00 00 00 00 01', /rule R3/],
    ['a list holding bad UTF-8', '08 01 05 01 ff', /rule R4/],
    ['bytes after a list', '08 01 02 02', /rule P3/],
  ];
  for (const [what, bytes, pattern] of corrupt) {
    it(`decodeValue refuses ${what}`, () => {
      throwsCode(() => decodeValue(hex(bytes)), 'CORRUPTION', pattern);
    });
  }

  const corruptMaps: Array<[string, string, RegExp]> = [
    ['a count that cannot fit', '05 01 00', /rule P1: a map of 5 properties/],
    ['a count of 2^32 - 1', 'ff ff ff ff 0f', /rule P1/],
    ['key ids out of order', '02 05 00 03 00', /rule P2: key id 3 follows key id 5/],
    ['a repeated key id', '02 05 00 05 01', /rule P2/],
    ['bytes after the last property', '01 05 00 00', /rule P3/],
    ['a property value cut short', '02 01 00 02 05', /rule R1/],
  ];
  for (const [what, bytes, pattern] of corruptMaps) {
    it(`decodeProps, decodePropsToObject and findProp refuse ${what}`, () => {
      const b = hex(bytes);
      throwsCode(() => decodeProps(b), 'CORRUPTION', pattern);
      throwsCode(() => decodePropsToObject(b, String), 'CORRUPTION', pattern);
      if (!pattern.source.includes('P3')) throwsCode(() => findProp(b, 1000), 'CORRUPTION', pattern);
    });
  }

  it('findProp checks the structure of the lists it skips (R6, R7)', () => {
    throwsCode(() => findProp(hex('02 01 08 01 00 02 02'), 2), 'CORRUPTION', /rule R6/);
    throwsCode(() => findProp(hex('02 01 08 01 08 00 02 02'), 2), 'CORRUPTION', /rule R6/);
    throwsCode(() => findProp(hex('02 01 08 09 02 02 02 02'), 2), 'CORRUPTION', /rule R7/);
    assert.equal(findProp(hex('02 01 08 02 05 01 61 02 02 02'), 2), true);
    assertSame(findProp(hex('02 01 08 02 05 01 61 02 02 02'), 1), ['a', true]);
  });

  it('names the offset of the bad byte', () => {
    const b = hex('02 01 00 02 0b');
    assert.throws(
      () => decodeProps(b),
      (err: unknown) => err instanceof CorruptionError && err.offsetBytes === 4 && /property map at offset 4: rule R2/.test(err.message),
    );
  });

  it('refuses a range outside the bytes given', () => {
    throwsCode(() => decodeProps(new Uint8Array(4), 2, 9), 'CORRUPTION', /outside the 4 bytes given/);
    throwsCode(() => decodeProps(new Uint8Array(4), 3, 2), 'CORRUPTION');
  });

  it('every cut of a valid map is refused', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), propValueArb), { minLength: 1, maxLength: 6 }), (raw) => {
        const entries = [...new Map(raw)];
        const bytes = encodeProps(entries);
        for (let cut = 0; cut < bytes.length; cut++) {
          throwsCode(() => decodeProps(bytes.subarray(0, cut)), 'CORRUPTION');
        }
      }),
      runs(300),
    );
  });

  it('random and mutated bytes decode or fail with CORRUPTION only', () => {
    const valid = fc.array(fc.tuple(fc.integer({ min: 0, max: 1000 }), propValueArb), { maxLength: 6 }).map((raw) => encodeProps([...new Map(raw)]));
    const mutated = fc.tuple(valid, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })).map(([b, edits]) => {
      const out = Uint8Array.from(b);
      for (const [at, byte] of edits) if (out.length > 0) out[at % out.length] = byte;
      return out;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), mutated), (bytes) => {
        for (const decode of [
          () => decodeProps(bytes),
          () => decodePropsToObject(bytes, (id) => `k${id}`),
          () => findProp(bytes, 3),
          () => decodeValue(bytes),
        ]) {
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

  it('a decoded map (boxIntegralFloats) always re-encodes to the same bytes (canonical form)', () => {
    // Bytes biased towards small counts, key ids, tags and varint edges, so many decode.
    const body = fc.array(fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x3f, 0x41, 0x7f, 0x80, 0x81, 0xc3, 0xa9, 0xf8, 0xff), { maxLength: 24 });
    const biased = fc.tuple(fc.constantFrom(1, 2, 3), fc.constantFrom(0, 1, 2), body).map(([count, keyId, rest]) => Uint8Array.from([count, keyId, ...rest]));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 24 }), biased), (bytes) => {
        let entries: PropEntry[];
        try {
          entries = decodeProps(bytes, 0, bytes.length, true);
        } catch (err) {
          if (err instanceof CorruptionError) return;
          throw err;
        }
        assert.equal(toHex(encodeProps(entries)), toHex(bytes));
      }),
      runs(20000),
    );
  });
});

describe('value codec: InvalidArgError and CorruptionError are the only errors', () => {
  it('InvalidArgError is a SombraError with code INVALID_ARG', () => {
    try {
      encodeValue(undefined as unknown as PropValue);
      assert.fail('expected a throw');
    } catch (err) {
      assert.ok(err instanceof InvalidArgError, 'err instanceof InvalidArgError');
    }
  });
});
