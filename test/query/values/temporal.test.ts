// Dates, times and durations: the ISO text the TCK expects (WithOrderBy1's
// tables), parsing, comparison on the UTC timeline, ORDER BY within and
// across kinds, calendar arithmetic with durations, components, and the
// calendar conversions against JavaScript's Date.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { add, divide, multiply, subtract } from '../../../src/query/values/arithmetic.js';
import { cypherEquals, valueKey } from '../../../src/query/values/equality.js';
import { propertyValue } from '../../../src/query/values/list-ops.js';
import { comparisonResult, orderCompare } from '../../../src/query/values/ordering.js';
import { DurationValue, TemporalValue, civilFromDays, daysFromCivil, dayOfWeek } from '../../../src/query/values/temporal.js';
import { makeFloat, type Value } from '../../../src/query/values/value.js';
import { call, cypherError } from '../functions/call-function.js';
import { fakeGraph } from './fake-graph.js';

const date = (m: Value): Value => call('date', [m]);
const localtime = (m: Value): Value => call('localtime', [m]);
const time = (m: Value): Value => call('time', [m]);
const localdatetime = (m: Value): Value => call('localdatetime', [m]);
const datetime = (m: Value): Value => call('datetime', [m]);
const duration = (m: Value): Value => call('duration', [m]);
const text = (v: Value): string => String(v);
const sorted = (values: Value[]): string[] => values.slice().sort(orderCompare).map(text);
const argumentError = cypherError('ArgumentError', 'InvalidArgumentValue');

test('dates sort and print as the TCK expects (WithOrderBy1 [11])', () => {
  const dates = [
    date({ year: 1910, month: 5, day: 6 }),
    date({ year: 1980, month: 12, day: 24 }),
    date({ year: 1984, month: 10, day: 12 }),
    date({ year: 1985, month: 5, day: 6 }),
    date({ year: 1980, month: 10, day: 24 }),
    date({ year: 1984, month: 10, day: 11 }),
  ];
  assert.deepEqual(sorted(dates), ['1910-05-06', '1980-10-24', '1980-12-24', '1984-10-11', '1984-10-12', '1985-05-06']);
});

test('local times and times sort and print as the TCK expects (WithOrderBy1 [13], [15])', () => {
  const localtimes = [
    localtime({ hour: 10, minute: 35 }),
    localtime({ hour: 12, minute: 31, second: 14, nanosecond: 645876123 }),
    localtime({ hour: 12, minute: 31, second: 14, nanosecond: 645876124 }),
    localtime({ hour: 12, minute: 35, second: 13 }),
    localtime({ hour: 12, minute: 30, second: 14, nanosecond: 645876123 }),
  ];
  assert.deepEqual(sorted(localtimes), ['10:35', '12:30:14.645876123', '12:31:14.645876123', '12:31:14.645876124', '12:35:13']);
  const times = [
    time({ hour: 10, minute: 35, timezone: '-08:00' }),
    time({ hour: 12, minute: 31, second: 14, nanosecond: 645876123, timezone: '+01:00' }),
    time({ hour: 12, minute: 31, second: 14, nanosecond: 645876124, timezone: '+01:00' }),
    time({ hour: 12, minute: 35, second: 15, timezone: '+05:00' }),
    time({ hour: 12, minute: 30, second: 14, nanosecond: 645876123, timezone: '+01:01' }),
  ];
  assert.deepEqual(sorted(times), ['12:35:15+05:00', '12:30:14.645876123+01:01', '12:31:14.645876123+01:00', '12:31:14.645876124+01:00', '10:35-08:00']);
});

test('local date-times and date-times sort and print as the TCK expects (WithOrderBy1 [17], [19])', () => {
  const ldt = [
    localdatetime({ year: 1984, month: 10, day: 11, hour: 12, minute: 30, second: 14, nanosecond: 12 }),
    localdatetime({ year: 1984, month: 10, day: 11, hour: 12, minute: 31, second: 14, nanosecond: 645876123 }),
    localdatetime({ year: 1, month: 1, day: 1, hour: 1, minute: 1, second: 1, nanosecond: 1 }),
    localdatetime({ year: 9999, month: 9, day: 9, hour: 9, minute: 59, second: 59, nanosecond: 999999999 }),
    localdatetime({ year: 1980, month: 12, day: 11, hour: 12, minute: 31, second: 14 }),
  ];
  assert.deepEqual(sorted(ldt), [
    '0001-01-01T01:01:01.000000001',
    '1980-12-11T12:31:14',
    '1984-10-11T12:30:14.000000012',
    '1984-10-11T12:31:14.645876123',
    '9999-09-09T09:59:59.999999999',
  ]);
  const dt = [
    datetime({ year: 1984, month: 10, day: 11, hour: 12, minute: 30, second: 14, nanosecond: 12, timezone: '+00:15' }),
    datetime({ year: 1984, month: 10, day: 11, hour: 12, minute: 31, second: 14, nanosecond: 645876123, timezone: '+00:17' }),
    datetime({ year: 1, month: 1, day: 1, hour: 1, minute: 1, second: 1, nanosecond: 1, timezone: '-11:59' }),
    datetime({ year: 9999, month: 9, day: 9, hour: 9, minute: 59, second: 59, nanosecond: 999999999, timezone: '+11:59' }),
    datetime({ year: 1980, month: 12, day: 11, hour: 12, minute: 31, second: 14, timezone: '-11:59' }),
  ];
  assert.deepEqual(sorted(dt), [
    '0001-01-01T01:01:01.000000001-11:59',
    '1980-12-11T12:31:14-11:59',
    '1984-10-11T12:31:14.645876123+00:17',
    '1984-10-11T12:30:14.000000012+00:15',
    '9999-09-09T09:59:59.999999999+11:59',
  ]);
});

test('sort order agrees with < where comparisons are defined (WithOrderBy1 [45])', () => {
  const groups: Value[][] = [
    [date({ year: 1910, month: 5, day: 6 }), date({ year: 1980, month: 12, day: 24 }), date({ year: 1984, month: 10, day: 11 })],
    [time({ hour: 10, minute: 35, timezone: '-08:00' }), time({ hour: 12, minute: 35, second: 15, timezone: '+05:00' }), time({ hour: 12, minute: 35, second: 15, timezone: '+01:00' })],
  ];
  for (const values of groups) {
    const ordered = values.slice().sort(orderCompare);
    ordered.forEach((v, i) => assert.equal(ordered.filter((x) => comparisonResult('<', x, v) === true).length, i));
  }
});

test('text forms parse; zones resolve; bad text and components are ArgumentError', () => {
  assert.equal(text(date('2015-07-21')), '2015-07-21');
  assert.equal(text(date('20150721')), '2015-07-21');
  assert.equal(text(date('2015-07')), '2015-07-01');
  assert.equal(text(localtime('21:40:32.142')), '21:40:32.142');
  assert.equal(text(localtime('214032')), '21:40:32');
  assert.equal(text(time('21:40:32+0100')), '21:40:32+01:00');
  assert.equal(text(time('21:40Z')), '21:40Z');
  assert.equal(text(localdatetime('2015-07-21T21:40:32.000142')), '2015-07-21T21:40:32.000142');
  assert.equal(text(datetime('2015-07-21T21:40:32.142-08:00')), '2015-07-21T21:40:32.142-08:00');
  assert.equal(text(datetime('2015-06-24T12:50:35.556[Europe/Stockholm]')), '2015-06-24T12:50:35.556+02:00');
  assert.equal(text(datetime({ year: 2015, month: 1, day: 1, timezone: 'Europe/Stockholm' })), '2015-01-01T00:00+01:00');
  assert.equal(text(datetime({ epochSeconds: 0 })), '1970-01-01T00:00Z');
  assert.equal(text(date({ year: 1984, week: 10, dayOfWeek: 3 })), '1984-03-07');
  assert.equal(text(date({ year: 1984, ordinalDay: 202 })), '1984-07-20');
  assert.equal(text(date({ year: 1984, quarter: 3, dayOfQuarter: 45 })), '1984-08-14');
  assert.equal(text(date(datetime('2015-07-21T21:40:32+01:00'))), '2015-07-21');
  assert.equal(text(localtime(datetime('2015-07-21T21:40:32+01:00'))), '21:40:32');
  assert.equal(text(datetime({ date: date('2015-07-21'), time: localtime('10:00'), timezone: '+02:00' })), '2015-07-21T10:00+02:00');
  assert.equal(text(date({ year: -12, month: 1, day: 1 })), '-0012-01-01');
  assert.equal(text(date({ year: 12345, month: 1, day: 1 })), '+12345-01-01');
  for (const bad of ['2015-13-01', '2015-02-29', 'x', '']) assert.throws(() => date(bad), argumentError, bad);
  assert.throws(() => localtime('25:00'), argumentError);
  assert.throws(() => date({ month: 1 }), argumentError);
  assert.throws(() => date({ year: 2015, month: 1, day: makeFloat(1.5) }), argumentError);
  assert.throws(() => time({ hour: 1, timezone: 'Europe/Stockholm' }), argumentError);
  assert.throws(() => datetime('2015-07-21T21:40[Nowhere/Land]'), argumentError);
  assert.throws(() => call('date', [true]), cypherError('TypeError', 'InvalidArgumentValue'));
  assert.equal(call('date', [null]), null);
  assert.ok(call('date', []) instanceof TemporalValue);
  assert.equal(call('toString', [date('2015-07-21')]), '2015-07-21');
  assert.equal(call('toString', [duration('P1D')]), 'P1D');
  const before = Date.now();
  const ts = call('timestamp', []) as number;
  assert.ok(Number.isSafeInteger(ts) && ts >= before && ts <= Date.now());
});

test('durations: construction, text, and arithmetic with dates and times (WithOrderBy2 expressions)', () => {
  assert.equal(text(duration({ months: 1, days: 2 })), 'P1M2D');
  assert.equal(text(duration({ years: 1, months: 14, days: 3, hours: 4, minutes: 5, seconds: 6, milliseconds: 7 })), 'P2Y2M3DT4H5M6.007S');
  assert.equal(text(duration({ minutes: 6 })), 'PT6M');
  assert.equal(text(duration({ seconds: -90 })), 'PT-1M-30S');
  assert.equal(text(duration({ days: makeFloat(1.5) })), 'P1DT12H');
  assert.equal(text(duration({})), 'PT0S');
  assert.equal(text(duration('P1Y2M10DT2H30M')), 'P1Y2M10DT2H30M');
  assert.equal(text(duration('PT0.5S')), 'PT0.5S');
  assert.equal(text(duration('-P1D')), 'P-1D');
  assert.throws(() => duration('P'), argumentError);
  const d = duration({ months: 1, days: 2 });
  assert.equal(text(add(date('1910-05-06'), d)), '1910-06-08');
  assert.equal(text(add(d, date('1984-01-31'))), '1984-03-02', 'Jan 31 + 1 month is Feb 29 in a leap year, + 2 days');
  assert.equal(text(subtract(date('1984-03-31'), duration({ months: 1 }))), '1984-02-29');
  assert.equal(text(add(localtime('23:58'), duration({ minutes: 6 }))), '00:04');
  assert.equal(text(add(time('12:30+01:00'), duration({ minutes: 6 }))), '12:36+01:00');
  assert.equal(text(add(localdatetime('1984-12-31T23:58'), duration({ minutes: 6 }))), '1985-01-01T00:04');
  assert.equal(text(subtract(datetime('1985-01-01T00:04Z'), duration({ minutes: 6 }))), '1984-12-31T23:58Z');
  assert.equal(text(add(date('2000-01-01'), duration({ hours: 49 }))), '2000-01-03');
  assert.equal(text(add(d, d)), 'P2M4D');
  assert.equal(text(subtract(d, d)), 'PT0S');
  assert.equal(text(multiply(duration({ hours: 1 }), 3)), 'PT3H');
  assert.equal(text(multiply(2, duration({ days: 1 }))), 'P2D');
  assert.equal(text(divide(duration({ days: 1 }), 2)), 'PT12H');
  assert.throws(() => divide(duration({ days: 1 }), 0), cypherError('ArithmeticError', 'DivisionByZero'));
  assert.throws(() => add(date('2000-01-01'), date('2000-01-01')), cypherError('TypeError', 'InvalidArgumentType'));
  assert.throws(() => subtract(d, date('2000-01-01')), cypherError('TypeError', 'InvalidArgumentType'));
});

test('equality, comparability and equivalence of temporal values', () => {
  const a = datetime('2018-01-01T12:00+01:00');
  const b = datetime('2018-01-01T11:00Z');
  assert.equal(cypherEquals(a, b), true, 'the same instant');
  assert.equal(valueKey(a), valueKey(b));
  assert.equal(orderCompare(a, b), 0);
  assert.equal(cypherEquals(date('2018-01-01'), localdatetime('2018-01-01T00:00')), false);
  assert.equal(comparisonResult('<', date('2018-01-01'), localdatetime('2018-01-02T00:00')), null, 'different kinds are incomparable');
  assert.equal(comparisonResult('<', date('2018-01-01'), '2018-01-02'), null);
  assert.equal(cypherEquals(duration({ days: 1 }), duration({ hours: 24 })), false, 'a day is not 24 hours');
  assert.equal(cypherEquals(duration({ hours: 1 }), duration({ minutes: 60 })), true);
  assert.equal(comparisonResult('<', duration({ hours: 1 }), duration({ hours: 2 })), null, 'durations are incomparable');
  // Global order: ... PATH < zoned datetime < local datetime < date < zoned time < local time < duration < STRING ...
  assert.deepEqual(sorted([duration({ days: 1 }), localtime('10:00'), time('10:00Z'), date('2000-01-01'), localdatetime('2000-01-01T00:00'), datetime('2000-01-01T00:00Z'), 'a']), [
    '2000-01-01T00:00Z',
    '2000-01-01T00:00',
    '2000-01-01',
    '10:00Z',
    '10:00',
    'P1D',
    'a',
  ]);
  assert.ok(orderCompare([1], date('2000-01-01')) < 0);
});

test('components: d.year, t.hour, dur.minutes', () => {
  const g = fakeGraph();
  const dt = datetime('2015-07-21T21:40:32.142536789+01:00');
  const expect: [string, Value][] = [
    ['year', 2015], ['quarter', 3], ['month', 7], ['day', 21], ['week', 30], ['weekYear', 2015], ['dayOfWeek', 2], ['ordinalDay', 202],
    ['hour', 21], ['minute', 40], ['second', 32], ['millisecond', 142], ['microsecond', 142536], ['nanosecond', 142536789],
    ['timezone', '+01:00'], ['offsetMinutes', 60], ['epochSeconds', 1437511232], ['epochMillis', 1437511232142], ['foo', null],
  ];
  for (const [key, want] of expect) assert.equal(propertyValue(dt, key, g), want, key);
  assert.equal(propertyValue(date('2015-07-21'), 'hour', g), null);
  const dur = duration({ years: 1, months: 4, days: 10, hours: 2, minutes: 30, seconds: 5, nanoseconds: 7 });
  assert.equal(propertyValue(dur, 'months', g), 16);
  assert.equal(propertyValue(dur, 'years', g), 1);
  assert.equal(propertyValue(dur, 'monthsOfYear', g), 4);
  assert.equal(propertyValue(dur, 'minutes', g), 150);
  assert.equal(propertyValue(dur, 'minutesOfHour', g), 30);
  assert.equal(propertyValue(dur, 'nanosecondsOfSecond', g), 7);
  assert.ok(dur instanceof DurationValue);
});

test('property: the calendar conversions agree with JavaScript Date', () => {
  fc.assert(
    fc.property(fc.integer({ min: -100_000_000, max: 100_000_000 }), (epochDay) => {
      const js = new Date(epochDay * 86_400_000);
      const [y, m, d] = civilFromDays(epochDay);
      assert.deepEqual([y, m, d], [js.getUTCFullYear(), js.getUTCMonth() + 1, js.getUTCDate()]);
      assert.equal(daysFromCivil(y, m, d), epochDay);
      assert.equal(dayOfWeek(epochDay), js.getUTCDay() === 0 ? 7 : js.getUTCDay());
    }),
    { numRuns: 2000 },
  );
});

test('duration.between and its in... forms; datetime from epoch values', () => {
  const between = (a: Value, b: Value, fn = 'duration.between'): string => String(call(fn, [a, b]));
  assert.equal(between(date('1984-10-11'), date('2015-06-24')), 'P30Y8M13D');
  assert.equal(between(date('2015-06-24'), date('1984-10-11')), 'P-30Y-8M-13D');
  assert.equal(between(localdatetime('2015-07-21T21:40:32'), localdatetime('2016-07-21T21:40:31')), 'P11M29DT23H59M59S');
  assert.equal(between(localtime('12:00'), localtime('13:30:00.5')), 'PT1H30M0.5S');
  assert.equal(between(datetime('2018-01-01T12:00+01:00'), datetime('2018-01-01T12:00Z')), 'PT1H');
  assert.equal(between(date('2018-01-31'), date('2018-03-01'), 'duration.inMonths'), 'P1M');
  assert.equal(between(date('2018-01-31'), date('2018-03-01'), 'duration.inDays'), 'P29D');
  assert.equal(between(localdatetime('2018-01-01T00:00'), localdatetime('2018-01-02T01:00:00.000000001'), 'duration.inSeconds'), 'PT25H0.000000001S');
  assert.equal(between(date('1000-01-01'), date('3000-01-01'), 'duration.inSeconds'), 'PT17531640H', 'exact over long spans');
  assert.equal(between(localtime('12:00'), date('2018-01-01'), 'duration.inDays'), 'PT0S');
  assert.equal(call('duration.between', [null, date('2018-01-01')]), null);
  assert.throws(() => call('duration.between', [1, date('2018-01-01')]), cypherError('TypeError', 'InvalidArgumentValue'));
  for (const [a, b] of [[date('2001-03-31'), date('2021-02-28')], [localdatetime('2020-02-29T23:00'), localdatetime('2019-01-01T01:00')]] as [Value, Value][]) {
    assert.equal(String(add(a, call('duration.between', [a, b]))), String(b), `a + between(a, b) = b for ${String(a)}, ${String(b)}`);
  }
  assert.equal(String(call('datetime.fromEpoch', [1437511232, 142000000])), '2015-07-21T20:40:32.142Z');
  assert.equal(String(call('datetime.fromEpochMillis', [1437511232142])), '2015-07-21T20:40:32.142Z');
  assert.equal(String(call('datetime.fromEpochMillis', [-1])), '1969-12-31T23:59:59.999Z');
  assert.equal(String(datetime({ epochSeconds: 253402300799, nanosecond: 5 })), '9999-12-31T23:59:59.000000005Z');
});

test('property: a + duration.between(a, b) = b for dates and local date-times', () => {
  const day = fc.integer({ min: -200_000, max: 200_000 });
  const nano = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 86_400_000_000_000 - 1 }));
  fc.assert(
    fc.property(day, nano, day, nano, fc.boolean(), (d1, n1, d2, n2, dateOnly) => {
      const a = dateOnly ? new TemporalValue('DATE', d1, 0, 0) : new TemporalValue('LOCAL DATETIME', d1, n1, 0);
      const b = dateOnly ? new TemporalValue('DATE', d2, 0, 0) : new TemporalValue('LOCAL DATETIME', d2, n2, 0);
      const between = call('duration.between', [a, b]);
      assert.equal(String(add(a, between)), String(b), `${String(a)} + ${String(between)}`);
    }),
    { numRuns: 2000 },
  );
});

test('property: a + duration.inSeconds(a, b) = b, exactly, over spans of centuries', () => {
  const day = fc.integer({ min: -200_000, max: 200_000 });
  const nano = fc.integer({ min: 0, max: 86_400_000_000_000 - 1 });
  fc.assert(
    fc.property(day, nano, day, nano, (d1, n1, d2, n2) => {
      const a = new TemporalValue('LOCAL DATETIME', d1, n1, 0);
      const b = new TemporalValue('LOCAL DATETIME', d2, n2, 0);
      assert.equal(String(add(a, call('duration.inSeconds', [a, b]))), String(b));
      assert.equal(String(subtract(b, call('duration.inSeconds', [a, b]))), String(a));
    }),
    { numRuns: 2000 },
  );
});
