// fast-check generators of query values (src/query/values/value.ts) for the
// property tests of equality, ordering and arithmetic: every type, with the
// awkward cases weighted up (NaN, -0.0, integral floats, int64 edges,
// strings beyond the BMP, nested lists and maps with nulls).
import fc from 'fast-check';
import { DurationValue, TemporalValue, makeDuration, type TemporalKind } from '../../../src/query/values/temporal.js';
import { BoxedFloat, NodeRef, PathValue, RelRef, makeFloat, normInt, type Value } from '../../../src/query/values/value.js';

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** An INTEGER in canonical form anywhere in int64, edges weighted up. */
export const intValue: fc.Arbitrary<number | bigint> = fc
  .oneof(
    fc.integer({ min: -5, max: 5 }),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
    fc.constantFrom(INT64_MIN, INT64_MAX, INT64_MIN + 1n, INT64_MAX - 1n, 2n ** 53n, -(2n ** 53n), 2n ** 53n - 1n),
  )
  .map((v) => (typeof v === 'bigint' ? normInt(v) : v));

/** A FLOAT (number or BoxedFloat). */
export const floatValue: fc.Arbitrary<number | BoxedFloat> = fc
  .oneof(
    fc.double(),
    fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, 2 ** 53, 2 ** 63, -(2 ** 63), 1e300),
    fc.integer({ min: -1000, max: 1000 }),
  )
  .map((x) => makeFloat(x));

export const stringValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', 'a', 'b', 'A', 'aa', '\u{1F600}', '\uFFFD', '\uE000', 'é'),
  fc.string({ unit: 'binary', maxLength: 4 }),
);

const node = fc.integer({ min: 0, max: 20 }).map((id) => new NodeRef(id));
const rel = fc.integer({ min: 0, max: 20 }).map((id) => new RelRef(id, id % 3, (id + 1) % 3, 0));
const path = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }).map((ids) => {
  const nodes = ids.map((id) => new NodeRef(id));
  const rels = ids.slice(1).map((id, i) => new RelRef(id + 10 * i, ids[i] as number, id, 0));
  return new PathValue(nodes, rels);
});

const NANOS_PER_DAY = 86_400_000_000_000;

/** Dates and times of every kind, few distinct values so ties happen. */
export const temporalValue: fc.Arbitrary<TemporalValue> = fc
  .record({
    kind: fc.constantFrom<TemporalKind>('DATE', 'LOCAL TIME', 'ZONED TIME', 'LOCAL DATETIME', 'ZONED DATETIME'),
    epochDay: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -800_000, max: 3_000_000 })),
    nanoOfDay: fc.oneof(fc.constantFrom(0, 3_600_000_000_000, 1), fc.integer({ min: 0, max: NANOS_PER_DAY - 1 })),
    offsetMinutes: fc.constantFrom(0, 60, -60, -480, 15),
  })
  .map(({ kind, epochDay, nanoOfDay, offsetMinutes }) => {
    const withDate = kind === 'DATE' || kind === 'LOCAL DATETIME' || kind === 'ZONED DATETIME';
    const zoned = kind === 'ZONED TIME' || kind === 'ZONED DATETIME';
    return new TemporalValue(kind, withDate ? epochDay : 0, kind === 'DATE' ? 0 : nanoOfDay, zoned ? offsetMinutes * 60 : 0);
  });

export const durationValue: fc.Arbitrary<DurationValue> = fc
  .tuple(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -40, max: 40 }), fc.integer({ min: -100_000, max: 100_000 }), fc.integer({ min: -999_999_999, max: 999_999_999 }))
  .map(([m, d, s, n]) => makeDuration(m, d, s, n));

/** Any scalar value (no containers). */
export const scalarValue: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  intValue,
  floatValue,
  stringValue,
  node,
  rel,
  path,
  temporalValue,
  durationValue,
  fc.integer({ min: -5, max: 5 }).map((ms) => new Date(ms * 1000)),
  fc.uint8Array({ maxLength: 3 }),
);

/** Any value, nested up to a small depth. */
export const anyValue: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarValue,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3 }).map((o) => Object.assign({}, o) as Value),
  ),
})).value;

/** Values where numbers of both types often meet: ints and the floats with the same value. */
export const numberish: fc.Arbitrary<Value> = fc.oneof(
  intValue,
  floatValue,
  fc.integer({ min: -3, max: 3 }).map((x) => makeFloat(x)),
  fc.integer({ min: -3, max: 3 }),
);
