// Temporal values and durations as stored properties (value format v3, key
// format v3): golden bytes from the format comments, round trips, canonical
// form, refusals of malformed values, corruption rules R8/R9 and K9/K10, the
// key order (byte order = value-compare order = the query engine's order
// within a kind, equal instants with different offsets distinct and
// adjacent), and the whole graph layer: getNode reads back TemporalValue and
// DurationValue instances, and lookups answer alike with and without an index.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareKeys, toHex } from '../../src/base/bytes.js';
import { Database } from '../../src/index.js';
import { decodeKeyValue, encodeKeyValue, isTruncated, keyRange } from '../../src/graph/key-codec.js';
import {
  DurationValue,
  EPOCH_DAY_MAX,
  EPOCH_DAY_MIN,
  NANOS_PER_DAY,
  OFFSET_SECONDS_MAX,
  TemporalValue,
  daysFromCivil,
  sameInstantExtremes,
  type TemporalKind,
} from '../../src/graph/temporal-value.js';
import { checkPropValue, decodeValue, encodeValue, findProp, encodeProps, type PropScalar, type PropValue } from '../../src/graph/value-codec.js';
import { compareValues, valuesEqual, withinBounds } from '../../src/graph/value-compare.js';
import { compareTemporals, orderDurations } from '../../src/query/values/temporal.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { hex, runs, throwsCode } from '../helpers/codec-test-tools.js';

const KINDS: readonly TemporalKind[] = ['DATE', 'LOCAL TIME', 'ZONED TIME', 'LOCAL DATETIME', 'ZONED DATETIME'];
const hasDate = (k: TemporalKind): boolean => k === 'DATE' || k === 'LOCAL DATETIME' || k === 'ZONED DATETIME';
const hasTime = (k: TemporalKind): boolean => k !== 'DATE';
const isZoned = (k: TemporalKind): boolean => k === 'ZONED TIME' || k === 'ZONED DATETIME';

const dayArb = fc.oneof(fc.integer({ min: EPOCH_DAY_MIN, max: EPOCH_DAY_MAX }), fc.integer({ min: -3, max: 3 }), fc.constantFrom(EPOCH_DAY_MIN, EPOCH_DAY_MAX, -21790, 5397));
const nanoArb = fc.oneof(fc.integer({ min: 0, max: NANOS_PER_DAY - 1 }), fc.constantFrom(0, 1, NANOS_PER_DAY - 1, 3600e9, 43200e9), fc.integer({ min: 0, max: 3 }).map((h) => h * 3600e9));
const offsetArb = fc.oneof(fc.integer({ min: -OFFSET_SECONDS_MAX, max: OFFSET_SECONDS_MAX }), fc.constantFrom(0, 3600, -3600, 1020, OFFSET_SECONDS_MAX, -OFFSET_SECONDS_MAX));

function temporalArbOf(kind: TemporalKind): fc.Arbitrary<TemporalValue> {
  return fc
    .tuple(hasDate(kind) ? dayArb : fc.constant(0), hasTime(kind) ? nanoArb : fc.constant(0), isZoned(kind) ? offsetArb : fc.constant(0))
    .map(([d, n, o]) => new TemporalValue(kind, d, n, o));
}
const temporalArb = fc.constantFrom(...KINDS).chain(temporalArbOf);

const safeArb = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }));
const durationArb = fc
  .tuple(safeArb, safeArb, safeArb, fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.constantFrom(0, 1, 999_999_999)))
  .map(([m, d, s, n]) => new DurationValue(m, d, s, n !== 0 && (s < 0 || (s === 0 && n % 2 === 1)) ? -n : n));

const scalarArb: fc.Arbitrary<PropScalar> = fc.oneof(temporalArb, durationArb);
const valueArb: fc.Arbitrary<PropValue> = fc.oneof({ weight: 4, arbitrary: scalarArb }, { weight: 1, arbitrary: fc.array(fc.oneof(scalarArb, fc.integer(), fc.string()), { maxLength: 5 }) });

/** Field-wise identity, classes included (Object.is, so -0 is told apart). */
function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a instanceof TemporalValue || b instanceof TemporalValue) {
    return a instanceof TemporalValue && b instanceof TemporalValue && a.kind === b.kind && Object.is(a.epochDay, b.epochDay) && Object.is(a.nanoOfDay, b.nanoOfDay) && Object.is(a.offsetSeconds, b.offsetSeconds);
  }
  if (a instanceof DurationValue || b instanceof DurationValue) {
    return a instanceof DurationValue && b instanceof DurationValue && Object.is(a.months, b.months) && Object.is(a.days, b.days) && Object.is(a.seconds, b.seconds) && Object.is(a.nanos, b.nanos);
  }
  return Object.is(a, b);
}

function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof TemporalValue) return `${v.kind}(${v.epochDay}, ${v.nanoOfDay}, ${v.offsetSeconds})`;
  if (v instanceof DurationValue) return `DURATION(${v.months}, ${v.days}, ${v.seconds}, ${v.nanos})`;
  return String(v);
}

const date = (y: number, m: number, d: number): TemporalValue => new TemporalValue('DATE', daysFromCivil(y, m, d), 0, 0);
const hms = (h: number, m: number, s = 0, n = 0): number => ((h * 60 + m) * 60 + s) * 1e9 + n;

describe('temporal values: value codec golden bytes (the format comment)', () => {
  const golden: Array<[string, PropValue]> = [
    ['09 00 bb d4 02', date(1910, 5, 6)],
    ['09 00 00', date(1970, 1, 1)],
    ['09 00 01', date(1969, 12, 31)],
    ['09 04 aa 54 b6 f6 8b a4 d8 bf 14 f8 0f', new TemporalValue('ZONED DATETIME', 5397, hms(12, 31, 14, 645876123), 1020)],
    ['0a 1c 00 00 00', new DurationValue(14, 0, 0, 0)],
    ['0a 00 00 00 00', new DurationValue(0, 0, 0, 0)],
    ['0a 00 00 09 05', new DurationValue(0, 0, -5, -3)],
    ['09 01 00', new TemporalValue('LOCAL TIME', 0, 0, 0)],
    ['09 01 02', new TemporalValue('LOCAL TIME', 0, 1, 0)],
    ['09 02 00 01', new TemporalValue('ZONED TIME', 0, 0, -1)],
    ['09 03 02 04', new TemporalValue('LOCAL DATETIME', 1, 2, 0)],
    ['08 02 09 00 02 09 00 04', [date(1970, 1, 2), date(1970, 1, 3)]],
    ['08 03 09 00 00 0a 02 00 00 00 03 02', [date(1970, 1, 1), new DurationValue(1, 0, 0, 0), 1]],
  ];
  for (const [bytes, value] of golden) {
    it(`${bytes} <-> ${show(value)}`, () => {
      const b = hex(bytes);
      const back = decodeValue(b);
      assert.ok(same(back, value), `decoded ${show(back)}`);
      assert.equal(toHex(encodeValue(value)), toHex(b));
      assert.ok(same(decodeValue(b, 0, b.length, true), value), 'boxIntegralFloats changes nothing');
    });
  }

  it('a property map holding a date and a duration; findProp reads past them', () => {
    const bytes = encodeProps([[1, date(1910, 5, 6)], [2, new DurationValue(14, 0, 0, 0)], [3, 'x']]);
    assert.equal(toHex(bytes), '03' + '01' + '0900bbd402' + '02' + '0a1c000000' + '03' + '050178');
    assert.equal(findProp(bytes, 3), 'x');
    assert.ok(same(findProp(bytes, 2), new DurationValue(14, 0, 0, 0)));
  });
});

describe('temporal values: value codec round trips', () => {
  it('every temporal, duration and list of them decodes to an equal fresh object and re-encodes to the same bytes', () => {
    fc.assert(
      fc.property(valueArb, (v) => {
        const bytes = encodeValue(v);
        const back = decodeValue(bytes);
        assert.ok(same(back, v), `round trip: ${show(v)} -> ${show(back)}`);
        if (typeof v === 'object' && v !== null) assert.notEqual(back, v, 'a fresh object');
        assert.equal(toHex(encodeValue(back), 1 << 20), toHex(bytes, 1 << 20));
      }),
      runs(3000),
    );
  });

  it('-0 fields are written as 0 (one encoding per value)', () => {
    assert.equal(toHex(encodeValue(new TemporalValue('DATE', -0, -0, -0))), '090000');
    assert.equal(toHex(encodeValue(new DurationValue(-0, -0, -0, -0))), '0a00000000');
  });

  it('decoded bytes that are valid re-encode to the same bytes (canonical form)', () => {
    const body = fc.array(fc.constantFrom(0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x7f, 0x80, 0x81, 0xff, 0x0f, 0x1c), { maxLength: 14 });
    const biased = fc.tuple(fc.constantFrom(0x09, 0x0a), body).map(([tag, rest]) => Uint8Array.from([tag, ...rest]));
    fc.assert(
      fc.property(biased, (bytes) => {
        let v: PropValue;
        try {
          v = decodeValue(bytes);
        } catch (err) {
          if (err instanceof Error && (err as { code?: string }).code === 'CORRUPTION') return;
          throw err;
        }
        assert.equal(toHex(encodeValue(v)), toHex(bytes));
      }),
      runs(20000),
    );
  });
});

describe('temporal values: malformed values are INVALID_ARG', () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ['a NaN epochDay', new TemporalValue('DATE', NaN, 0, 0), /a TemporalValue \(DATE\) whose epochDay is number NaN, not an integer/],
    ['a fractional nanoOfDay', new TemporalValue('LOCAL TIME', 0, 1.5, 0), /whose nanoOfDay is number 1.5, not an integer/],
    ['an epochDay past year 999999', new TemporalValue('DATE', EPOCH_DAY_MAX + 1, 0, 0), /epochDay 364522972 is outside \[-365961662, 364522971\]/],
    ['an epochDay before year -999999', new TemporalValue('LOCAL DATETIME', EPOCH_DAY_MIN - 1, 0, 0), /epochDay -365961663 is outside/],
    ['a nanoOfDay of a whole day', new TemporalValue('LOCAL TIME', 0, NANOS_PER_DAY, 0), /nanoOfDay 86400000000000 is outside/],
    ['a negative nanoOfDay', new TemporalValue('ZONED DATETIME', 0, -1, 0), /nanoOfDay -1 is outside/],
    ['an offset beyond +18:00', new TemporalValue('ZONED TIME', 0, 0, OFFSET_SECONDS_MAX + 1), /offsetSeconds 64801 is outside \[-64800, 64800\]/],
    ['an Infinity offset', new TemporalValue('ZONED DATETIME', 0, 0, -Infinity), /offsetSeconds is number -Infinity, not an integer/],
    ['a DATE with a time', new TemporalValue('DATE', 0, 1, 0), /\(DATE\) whose nanoOfDay 1 is outside \[0, 0\]/],
    ['a LOCAL TIME with a date', new TemporalValue('LOCAL TIME', 3, 0, 0), /\(LOCAL TIME\) whose epochDay 3 is outside \[0, 0\]/],
    ['a LOCAL DATETIME with an offset', new TemporalValue('LOCAL DATETIME', 0, 0, 60), /offsetSeconds 60 is outside \[0, 0\]/],
    ['an unknown kind', new TemporalValue('INSTANT' as TemporalKind, 0, 0, 0), /a TemporalValue of unknown kind the string "INSTANT"/],
    ['a string epochDay', new TemporalValue('DATE', '1' as unknown as number, 0, 0), /epochDay is the string "1", not an integer/],
    ['a NaN duration', new DurationValue(NaN, 0, 0, 0), /a DurationValue whose months is number NaN, not an integer/],
    ['a duration beyond 2^53', new DurationValue(0, 2 ** 53, 0, 0), /days 9007199254740992 is outside/],
    ['nanos of a whole second', new DurationValue(0, 0, 0, 1e9), /nanos 1000000000 is outside \[-999999999, 999999999\]/],
    ['seconds and nanos of opposite signs', new DurationValue(0, 0, -1, 5), /seconds -1 and nanos 5 have opposite signs/],
    ['a list holding a bad date', [date(2000, 1, 1), new TemporalValue('DATE', 0.5, 0, 0)], /a list whose element at index 1 is a TemporalValue \(DATE\) whose epochDay/],
  ];
  for (const [what, value, pattern] of bad) {
    it(`refuses ${what}`, () => {
      const v = value as PropValue;
      throwsCode(() => checkPropValue(v, 'when'), 'INVALID_ARG', pattern);
      throwsCode(() => encodeValue(v, undefined, 'when'), 'INVALID_ARG', /^property "when": /);
      throwsCode(() => encodeKeyValue(v), 'INVALID_ARG', /^index key value: /);
      throwsCode(() => keyRange(new Uint8Array(0), { op: 'eq', value: v }), 'INVALID_ARG');
    });
  }
});

describe('temporal values: corrupt value bytes are CORRUPTION', () => {
  const corrupt: Array<[string, string, RegExp]> = [
    ['an unknown temporal kind', '09 05 00', /rule R8: unknown temporal kind 0x05/],
    ['a temporal without its kind', '09', /rule R1/],
    ['a DATE without its day', '09 00', /rule R1/],
    ['a ZONED TIME without its offset', '09 02 00', /rule R1/],
    ['a DATE past year 999999', '09 00 b8 b7 d1 db 02', /rule R8: a temporal epochDay 364522972 is outside/],
    ['a nanoOfDay of a whole day', '09 01 80 80 f8 94 92 a5 27', /rule R8: a temporal nanoOfDay 86400000000000 is outside/],
    ['a negative nanoOfDay', '09 01 01', /rule R8: a temporal nanoOfDay -1/],
    ['an offset beyond +18:00', '09 02 00 c2 f4 07', /rule R8: a temporal offsetSeconds 64801/],
    ['a day beyond 2^53 (a bigint)', '09 00 80 80 80 80 80 80 80 80 80 01', /rule R8/],
    ['a duration cut short', '0a 00 00 00', /rule R1/],
    ['nanos of a whole second', '0a 00 00 00 80 a8 d6 b9 07', /rule R9: a duration's nanos 1000000000 is outside/],
    ['seconds and nanos of opposite signs', '0a 00 00 01 0a', /rule R9: a duration's seconds -1 and nanos 5 have opposite signs/],
    ['months beyond 2^53', '0a 80 80 80 80 80 80 80 20 00 00 00', /rule R9: a duration's months 9007199254740992 is outside/],
    ['a list holding a bad temporal', '08 01 09 07', /rule R8: unknown temporal kind 0x07/],
    ['bytes after a temporal', '09 00 00 00', /rule P3/],
  ];
  for (const [what, bytes, pattern] of corrupt) {
    it(`decodeValue refuses ${what}`, () => {
      throwsCode(() => decodeValue(hex(bytes)), 'CORRUPTION', pattern);
    });
  }

  it('findProp checks the temporals it skips', () => {
    throwsCode(() => findProp(hex('02 01 09 05 00 02 02'), 2), 'CORRUPTION', /rule R8/);
    throwsCode(() => findProp(hex('02 01 0a 00 00 01 0a 02 02'), 2), 'CORRUPTION', /rule R9/);
    assert.equal(findProp(hex('02 01 09 00 01 02 02'), 2), true);
  });
});

describe('temporal values: index keys', () => {
  it('golden keys (the format comment)', () => {
    assert.equal(toHex(encodeKeyValue(date(1910, 5, 6))), '0b7fffaae2');
    assert.equal(toHex(encodeKeyValue(new TemporalValue('LOCAL TIME', 0, 1, 0))), '0d000000000001');
    assert.equal(toHex(encodeKeyValue(new TemporalValue('LOCAL DATETIME', -1, 2, 0))), '0a7fffffff000000000002');
    // 01:00+02:00 is 23:00 UTC the day before: -3600e9 + 64800e9 = 61200e9 = 0x37A93C42A000; offset 7200 + 64800 = 0x011940.
    assert.equal(toHex(encodeKeyValue(new TemporalValue('ZONED TIME', 0, 3600e9, 7200))), '0c37a93c42a000011940');
    // 1984-10-11T12:31:14.645876123+00:17 is 12:14:14.645876123 UTC on day 5397 (0x1515).
    assert.equal(toHex(encodeKeyValue(new TemporalValue('ZONED DATETIME', 5397, hms(12, 31, 14, 645876123), 1020))), '0980001515' + '28114584a59b' + '01011c');
    assert.equal(toHex(encodeKeyValue(new DurationValue(14, 0, 0, 0))), '0e' + '800000000000000e' + '8000000000000000' + '8000000000000000' + '3b9aca00');
    assert.equal(toHex(encodeKeyValue(new DurationValue(0, 0, -5, -3))), '0e' + '8000000000000000' + '8000000000000000' + '7ffffffffffffffb' + '3b9ac9fd');
  });

  it('every value decodes back from its key (a fresh, equal object) and is never truncated', () => {
    fc.assert(
      fc.property(valueArb, fc.constantFrom(16, 40, 256), (v, maxBytes) => {
        const key = encodeKeyValue(v, undefined, maxBytes);
        const d = decodeKeyValue(key);
        assert.equal(d.end, key.length);
        if (!Array.isArray(v)) {
          assert.ok(same(d.value, v), `${show(v)} -> ${show(d.value)}`);
          assert.equal(d.truncated, false);
          assert.equal(isTruncated(key), false);
        } else if (!d.truncated) {
          assert.ok(same(d.value, v), `${show(v)} -> ${show(d.value)}`);
        }
        if (!d.truncated) assert.equal(toHex(encodeKeyValue(d.value, undefined, maxBytes)), toHex(key), 'canonical');
      }),
      runs(3000),
    );
  });

  it('byte order of keys is the value-compare order, and refines the query engine order, within each kind', () => {
    const pairArb = fc.oneof(
      fc.constantFrom(...KINDS).chain((k) => fc.tuple(temporalArbOf(k), temporalArbOf(k))),
      // Near values: the same fields but one, so ties and neighbours are common.
      fc.constantFrom(...KINDS).chain((k) =>
        fc.tuple(temporalArbOf(k), fc.integer({ min: -2, max: 2 }), fc.integer({ min: -2, max: 2 })).map(([t, dn, doff]) => {
          const n = Math.min(NANOS_PER_DAY - 1, Math.max(0, t.nanoOfDay + (hasTime(k) ? dn * 3600e9 : 0)));
          const o = isZoned(k) ? Math.min(OFFSET_SECONDS_MAX, Math.max(-OFFSET_SECONDS_MAX, t.offsetSeconds + doff * 3600)) : 0;
          return [t, new TemporalValue(k, t.epochDay, n, o)] as const;
        }),
      ),
      fc.tuple(durationArb, durationArb),
    );
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        const byKey = Math.sign(compareKeys(encodeKeyValue(a), encodeKeyValue(b)));
        assert.equal(byKey, compareValues(a, b), `${show(a)} vs ${show(b)}`);
        assert.equal(byKey === 0, valuesEqual(a, b));
        assert.equal(byKey === 0, same(a, b), 'one key per value');
        if (a instanceof TemporalValue && b instanceof TemporalValue) {
          const q = compareTemporals(a, b);
          if (q !== 0) assert.equal(byKey, q, 'the query order where it is strict');
          else assert.equal(byKey, Math.sign(a.offsetSeconds - b.offsetSeconds), 'equal instants order by offset');
        } else {
          assert.equal(byKey, orderDurations(a as DurationValue, b as DurationValue));
        }
        // The key order in a list is the element order too.
        assert.equal(Math.sign(compareKeys(encodeKeyValue([a, 1]), encodeKeyValue([b, 0]))), byKey || 1);
      }),
      runs(3000),
    );
  });

  it('equal instants with different offsets: distinct keys, adjacent (no other instant between them)', () => {
    const noonParis = new TemporalValue('ZONED DATETIME', 17532, hms(12, 0), 3600);
    const elevenUtc = new TemporalValue('ZONED DATETIME', 17532, hms(11, 0), 0);
    const sixNewYork = new TemporalValue('ZONED DATETIME', 17532, hms(6, 0), -5 * 3600);
    const oneNanoLater = new TemporalValue('ZONED DATETIME', 17532, hms(11, 0, 0, 1), 0);
    const oneNanoEarlier = new TemporalValue('ZONED DATETIME', 17532, hms(12, 0) - 1, 3600);
    assert.equal(compareTemporals(noonParis, elevenUtc), 0, 'the query engine: equal instants');
    const sorted = [oneNanoLater, noonParis, elevenUtc, oneNanoEarlier, sixNewYork].map((v) => ({ v, k: encodeKeyValue(v) })).sort((x, y) => compareKeys(x.k, y.k));
    assert.deepEqual(sorted.map((x) => String(x.v)), ['2018-01-01T11:59:59.999999999+01:00', '2018-01-01T06:00-05:00', '2018-01-01T11:00Z', '2018-01-01T12:00+01:00', '2018-01-01T11:00:00.000000001Z']);
    assert.equal(valuesEqual(noonParis, elevenUtc), false);
    assert.equal(compareValues(noonParis, elevenUtc), 1);
    // Zoned times alike: 12:00+01:00 and 11:00Z.
    assert.equal(compareValues(new TemporalValue('ZONED TIME', 0, hms(12, 0), 3600), new TemporalValue('ZONED TIME', 0, hms(11, 0), 0)), 1);
    assert.equal(compareValues(new TemporalValue('ZONED TIME', 0, hms(12, 0), 3600), new TemporalValue('ZONED TIME', 0, hms(11, 0, 0, 1), 0)), -1);
  });

  it('sameInstantExtremes maps the query engine comparisons (instant only) to graph ranges (instant, offset)', () => {
    const inner = fc.integer({ min: EPOCH_DAY_MIN + 2, max: EPOCH_DAY_MAX - 2 });
    const zonedPair = fc.constantFrom<TemporalKind>('ZONED TIME', 'ZONED DATETIME').chain((k) =>
      fc.tuple(temporalArbOf(k), temporalArbOf(k), fc.integer({ min: -3, max: 3 }), inner).map(([t, u, shift, day]) => {
        const t2 = k === 'ZONED DATETIME' ? new TemporalValue(k, day, t.nanoOfDay, t.offsetSeconds) : t;
        // Often the same instant as t at another offset, so equality is exercised.
        if (shift === 0) return [t2, u] as const;
        const o = Math.max(-OFFSET_SECONDS_MAX, Math.min(OFFSET_SECONDS_MAX, t2.offsetSeconds + shift * 3600));
        const total = t2.nanoOfDay + (o - t2.offsetSeconds) * 1e9;
        const carry = Math.floor(total / NANOS_PER_DAY);
        if (k === 'ZONED TIME' && carry !== 0) return [t2, u] as const;
        return [t2, new TemporalValue(k, k === 'ZONED TIME' ? 0 : t2.epochDay + carry, total - carry * NANOS_PER_DAY, o)] as const;
      }),
    );
    fc.assert(
      fc.property(zonedPair, ([t, u]) => {
        const [first, last] = sameInstantExtremes(t);
        checkPropValue(first);
        checkPropValue(last);
        assert.equal(compareTemporals(first, t), 0);
        assert.equal(compareTemporals(last, t), 0);
        const q = compareTemporals(u, t)!;
        assert.equal(q === 0, withinBounds(u, { gte: first, lte: last }), `${show(u)} = ${show(t)}`);
        assert.equal(q < 0, withinBounds(u, { lt: first }), `${show(u)} < ${show(t)}`);
        assert.equal(q > 0, withinBounds(u, { gt: last }), `${show(u)} > ${show(t)}`);
      }),
      runs(3000),
    );
    const d = date(2000, 1, 1);
    assert.deepEqual(sameInstantExtremes(d), [d, d]);
    assert.deepEqual(sameInstantExtremes(new TemporalValue('ZONED TIME', 0, hms(1, 0), 7200)).map(String), ['00:00+01:00', '17:00+18:00']);
    assert.deepEqual(sameInstantExtremes(new TemporalValue('ZONED DATETIME', 0, hms(12, 0), 0)).map(String), ['1969-12-31T18:00-18:00', '1970-01-02T06:00+18:00']);
  });

  it('each kind is its own type: a DATE never equals or ranges over a LOCAL DATETIME', () => {
    const d = date(2000, 1, 1);
    const ldt = new TemporalValue('LOCAL DATETIME', d.epochDay, 0, 0);
    assert.equal(compareValues(d, ldt), null);
    assert.equal(valuesEqual(d, ldt), false);
    assert.equal(withinBounds(ldt, { gte: d }), false);
    assert.notEqual(toHex(encodeKeyValue(d)), toHex(encodeKeyValue(ldt)));
    assert.equal(compareValues(new DurationValue(1, 0, 0, 0), new DurationValue(0, 30, 0, 0)), 1);
    assert.equal(compareValues(new DurationValue(1, 0, 0, 0), 1), null);
    throwsCode(() => keyRange(new Uint8Array(0), { op: 'between', low: d, high: ldt }), 'INVALID_ARG', /both bounds must have the same type, got DATE and LOCAL DATETIME/);
    // A range over DATEs ends before the next kind's tag.
    const r = keyRange(new Uint8Array(0), { op: 'ge', value: d });
    assert.equal(toHex(r.lt), '0c');
    assert.ok(compareKeys(encodeKeyValue(date(999_999, 12, 31)), r.lt) < 0);
  });

  it('keyRange selects exactly the keys withinBounds accepts (temporals and durations)', () => {
    const kindValues = fc.constantFrom('DATE', 'ZONED TIME', 'ZONED DATETIME').chain((k) => fc.array(temporalArbOf(k as TemporalKind), { minLength: 2, maxLength: 12 }));
    const durations = fc.array(durationArb, { minLength: 2, maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(kindValues, durations), fc.nat(), fc.nat(), fc.constantFrom('eq', 'lt', 'le', 'gt', 'ge', 'between'), (values, i, j, op) => {
        const x = values[i % values.length]!;
        const y = values[j % values.length]!;
        const [lo, hi] = (compareValues(x, y) ?? 0) <= 0 ? [x, y] : [y, x];
        const p = op === 'between' ? { op, low: lo, high: hi } as const : ({ op, value: x } as const);
        const r = keyRange(new Uint8Array(0), p);
        assert.equal(r.recheck, false);
        for (const v of values) {
          const k = encodeKeyValue(v);
          const inRange = compareKeys(k, r.gte) >= 0 && compareKeys(k, r.lt) < 0;
          const want =
            op === 'eq' ? valuesEqual(v, x)
            : op === 'between' ? withinBounds(v, { gte: lo, lte: hi })
            : withinBounds(v, { [op === 'le' ? 'lte' : op === 'ge' ? 'gte' : op]: x });
          assert.equal(inRange, want, `${show(v)} ${op} ${show(x)}`);
        }
      }),
      runs(1000),
    );
  });

  const corrupt: Array<[string, string, RegExp]> = [
    ['a DATE cut short', '0b 7f ff', /rule K1/],
    ['a DATE past year 999999', '0b 95 ba 2d dc', /rule K9: a DATE epochDay 364522972 is outside/],
    ['a LOCAL TIME of a whole day', '0d 4e 94 91 4f 00 00', /rule K9: a LOCAL TIME nanoOfDay 86400000000000 is not below/],
    ['an offset beyond +18:00', '0c 37 a9 3c 42 a0 00 01 fa 41', /rule K9: an offset of 64801 s/],
    ['a ZONED TIME whose local time leaves the day', '0c 00 00 00 00 00 00 00 00 00', /rule K9: a ZONED TIME's local nanoOfDay/],
    ['a ZONED DATETIME whose UTC time is a whole day', '09 80 00 00 00 4e 94 91 4f 00 00 00 fd 20', /rule K9: a ZONED DATETIME UTC nanoOfDay/],
    ['a ZONED DATETIME whose local day leaves the range', '09 95 ba 2d db 4e 94 91 4e ff ff 01 fa 40', /rule K9: a ZONED DATETIME local epochDay 364522972/],
    ['duration nanos of a whole second', '0e 80 00 00 00 00 00 00 00 80 00 00 00 00 00 00 00 80 00 00 00 00 00 00 00 77 35 94 00', /rule K10: a duration's nanos 1000000000/],
    ['duration months beyond 2^53', '0e 80 20 00 00 00 00 00 00 80 00 00 00 00 00 00 00 80 00 00 00 00 00 00 00 3b 9a ca 00', /rule K10: a duration's months is beyond/],
    ['duration seconds and nanos of opposite signs', '0e 80 00 00 00 00 00 00 00 80 00 00 00 00 00 00 00 80 00 00 00 00 00 00 01 3b 9a c9 ff', /rule K10: a duration's seconds 1 and nanos -1/],
    ['a list holding a bad DATE', '08 0b 95 ba 2d dc 00 00', /rule K9/],
    ['a list cut inside a DATE', '08 0b 7f ff 00 00', /rule K8: the last element of a list/],
  ];
  for (const [what, bytes, pattern] of corrupt) {
    it(`decodeKeyValue refuses ${what}`, () => {
      throwsCode(() => decodeKeyValue(hex(bytes)), 'CORRUPTION', pattern);
    });
  }
});

describe('temporal values through the graph layer', () => {
  const OPTIONS = { walPreallocateBytes: 0, autocheckpointMs: null } as const;

  it('getNode reads back TemporalValue and DurationValue instances; lookups agree with and without an index', async () => {
    const db = await Database.openOn(new MemVfs(), '/temporal/graph.sombra', OPTIONS);
    try {
      const values: PropValue[] = [
        date(1910, 5, 6), date(1984, 10, 11), date(2000, 1, 1), date(-44, 3, 15),
        new TemporalValue('LOCAL DATETIME', daysFromCivil(2000, 1, 1), 0, 0),
        new TemporalValue('LOCAL TIME', 0, hms(12, 31, 14), 0), new TemporalValue('LOCAL TIME', 0, hms(10, 35), 0),
        new TemporalValue('ZONED TIME', 0, hms(12, 0), 3600), new TemporalValue('ZONED TIME', 0, hms(11, 0), 0), new TemporalValue('ZONED TIME', 0, hms(23, 0), -7200),
        new TemporalValue('ZONED DATETIME', 17532, hms(12, 0), 3600), new TemporalValue('ZONED DATETIME', 17532, hms(11, 0), 0), new TemporalValue('ZONED DATETIME', 5397, hms(12, 31, 14, 645876123), 1020),
        new DurationValue(14, 0, 0, 0), new DurationValue(0, 30, 0, 0), new DurationValue(0, 0, -5, -3),
        [date(2000, 1, 1), date(1999, 12, 31)], [date(2000, 1, 1)], [new DurationValue(1, 0, 0, 0)], 5, 'text',
      ];
      const ids: number[] = [];
      for (const v of values) ids.push(await db.createNode('T', { v }));
      for (let i = 0; i < values.length; i++) {
        const got = db.getNode(ids[i]!)!.props['v'];
        assert.ok(same(got, values[i]), `getNode ${show(values[i])} -> ${show(got)}`);
        if (got instanceof TemporalValue || got instanceof DurationValue) assert.notEqual(got, values[i]);
      }
      const probes: PropValue[] = [...values, date(1950, 1, 1), new TemporalValue('ZONED DATETIME', 17532, hms(6, 0), -5 * 3600), new DurationValue(0, 0, 0, 0)];
      const ranges = probes.flatMap((p) => [{ gte: p }, { gt: p }, { lt: p }, { lte: p }]);
      const ask = (): string => JSON.stringify([probes.map((p) => db.findNodes('T', 'v', p)), ranges.map((r) => db.findNodesInRange('T', 'v', r))]);
      const scan = ask();
      await db.createIndex('T', 'v');
      assert.equal(ask(), scan, 'index and scan agree');
      // Spot checks of the documented semantics.
      assert.deepEqual(db.findNodes('T', 'v', date(1984, 10, 11)), [ids[1]]);
      assert.deepEqual(db.findNodes('T', 'v', new TemporalValue('ZONED DATETIME', 17532, hms(11, 0), 0)), [ids[11]], 'the same offset only');
      assert.deepEqual(db.findNodesInRange('T', 'v', { lt: date(1984, 10, 11) }), [ids[0], ids[3]]);
      assert.deepEqual(db.findNodesInRange('T', 'v', { gte: new DurationValue(0, 30, 0, 0) }), [ids[13], ids[14]]);
      assert.deepEqual(db.verify().problems, []);
    } finally {
      await db.close();
    }
  });
});

describe('temporal values: indexed properties under updates', () => {
  const OPTIONS = { walPreallocateBytes: 0, autocheckpointMs: null } as const;

  it('moving a value to the same instant at another offset updates the index entry (the writer keeps the offset)', async () => {
    const db = await Database.openOn(new MemVfs(), '/temporal/update.sombra', OPTIONS);
    try {
      await db.createIndex('T', 'v');
      const paris = new TemporalValue('ZONED DATETIME', 17532, hms(12, 0), 3600);
      const utc = new TemporalValue('ZONED DATETIME', 17532, hms(11, 0), 0);
      const id = await db.createNode('T', { v: paris });
      await db.updateNode(id, { set: { v: utc } });
      assert.ok(same(db.getNode(id)!.props['v'], utc));
      assert.deepEqual(db.findNodes('T', 'v', utc), [id]);
      assert.deepEqual(db.findNodes('T', 'v', paris), []);
      assert.deepEqual(db.verify().problems, []);
    } finally {
      await db.close();
    }
  });

  it('random nodes, updates and removals of temporal values: findNodes and findNodesInRange answer alike with and without an index', async () => {
    // A small pool, so values and instants repeat (equal instants at different offsets included).
    const pool: PropValue[] = [
      date(2000, 1, 1), date(2000, 1, 2), date(1969, 12, 31),
      new TemporalValue('LOCAL DATETIME', 10957, 0, 0), new TemporalValue('LOCAL DATETIME', 10957, 1, 0),
      new TemporalValue('ZONED DATETIME', 10957, hms(12, 0), 3600), new TemporalValue('ZONED DATETIME', 10957, hms(11, 0), 0), new TemporalValue('ZONED DATETIME', 10956, hms(23, 0), -12 * 3600),
      new TemporalValue('ZONED TIME', 0, hms(12, 0), 3600), new TemporalValue('ZONED TIME', 0, hms(11, 0), 0), new TemporalValue('ZONED TIME', 0, hms(0, 30), 7200),
      new TemporalValue('LOCAL TIME', 0, 0, 0), new TemporalValue('LOCAL TIME', 0, hms(23, 59, 59, 999_999_999), 0),
      new DurationValue(1, 0, 0, 0), new DurationValue(0, 30, 0, 0), new DurationValue(0, 0, 1, 5), new DurationValue(0, 0, -1, -5),
      [date(2000, 1, 1)], [date(2000, 1, 1), new DurationValue(1, 0, 0, 0)], 3, 'x',
    ];
    const opArb = fc.tuple(fc.nat({ max: 11 }), fc.nat({ max: pool.length }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: pool.length - 1 }), { minLength: 1, maxLength: 12 }), fc.array(opArb, { maxLength: 10 }), fc.boolean(), async (initial, ops, indexFirst) => {
        const db = await Database.openOn(new MemVfs(), '/temporal/model.sombra', OPTIONS);
        try {
          if (indexFirst) await db.createIndex('T', 'v');
          const ids: number[] = [];
          for (const i of initial) ids.push(await db.createNode('T', { v: pool[i]! }));
          for (const [n, i] of ops) {
            const id = ids[n % ids.length]!;
            if (i === pool.length) await db.updateNode(id, { unset: ['v'] });
            else await db.updateNode(id, { set: { v: pool[i]! } });
          }
          const ranges = pool.flatMap((p, k) => [{ gte: p }, { gt: p }, { lt: p }, { lte: p }, { gte: p, lte: pool[(k * 5 + 1) % pool.length]! }]).filter((r) => !('lte' in r && 'gte' in r) || compareValues(r.gte!, r.lte!) !== null);
          const ask = (): string => JSON.stringify([pool.map((p) => db.findNodes('T', 'v', p)), ranges.map((r) => db.findNodesInRange('T', 'v', r))]);
          const before = ask();
          if (indexFirst) await db.dropIndex('T', 'v');
          else await db.createIndex('T', 'v');
          assert.equal(ask(), before, indexFirst ? 'index kept through writes = scan' : 'scan = index built after');
          assert.deepEqual(db.verify().problems, []);
        } finally {
          await db.close();
        }
      }),
      runs(60),
    );
  });
});
