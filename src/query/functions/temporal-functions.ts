/**
 * The temporal constructors of openCypher: date, localtime, time,
 * localdatetime, datetime and duration (and timestamp(): milliseconds since
 * the epoch, an INTEGER; duration.between/inMonths/inDays/inSeconds;
 * datetime.fromEpoch/fromEpochMillis). Each constructor takes
 *
 *   - nothing: the current date/time (UTC; `duration` needs an argument),
 *   - a STRING in ISO 8601 (temporal-text.ts),
 *   - a MAP of components: `{year, month, day}`, or `{year, week,
 *     dayOfWeek}`, `{year, ordinalDay}`, `{year, quarter, dayOfQuarter}`;
 *     `{hour, minute, second, millisecond, microsecond, nanosecond}`;
 *     `timezone` for the zoned kinds; `date`/`time`/`datetime` keys to start
 *     from another temporal value and override some fields; `epochSeconds`
 *     or `epochMillis` for datetime. Duration maps take years, quarters,
 *     months, weeks, days, hours, minutes, seconds, milliseconds,
 *     microseconds, nanoseconds (fractions cascade to smaller units).
 *   - another temporal value, converted (date(datetime) is its date).
 *
 * Null in, null out. A value of another type is TypeError/
 * InvalidArgumentValue; a component out of range is ArgumentError/
 * InvalidArgumentValue.
 */
import { functionTypeError } from '../values/value-errors.js';
import {
  NANOS_PER_SECOND,
  SECONDS_PER_DAY,
  TemporalValue,
  DurationValue,
  checkedTemporal,
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  durationBetween,
  durationFromParts,
  type BetweenUnit,
  type TemporalKind,
} from '../values/temporal.js';
import { BoxedFloat, isMap, type CypherMap, type Value } from '../values/value.js';
import { arg, nullSafeUnary } from './function-args.js';
import type { ScalarFunction } from './function-types.js';
import { checkedDate, checkedTime, parseDateText, parseDurationText, parseOffsetText, parseTimeText, resolveZone, splitZone, temporalArgumentError } from './temporal-text.js';

/** Case-insensitive access to a component map. */
class Components {
  readonly #entries = new Map<string, Value>();
  constructor(
    readonly fn: string,
    map: CypherMap,
  ) {
    for (const [k, v] of Object.entries(map)) this.#entries.set(k.toLowerCase(), v);
  }

  has(key: string): boolean {
    const v = this.#entries.get(key.toLowerCase());
    return v !== undefined && v !== null;
  }

  raw(key: string): Value {
    return this.#entries.get(key.toLowerCase()) ?? null;
  }

  /** An INTEGER component, or `fallback` when absent. */
  int(key: string, fallback: number): number {
    const v = this.raw(key);
    if (v === null) return fallback;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    throw temporalArgumentError(`${this.fn}(): ${key} must be an INTEGER, got ${String(v)}`);
  }

  /** A numeric component (INTEGER or FLOAT), or 0. */
  num(key: string): number {
    const v = this.raw(key);
    if (v === null) return 0;
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof BoxedFloat) return v.value;
    throw temporalArgumentError(`${this.fn}(): ${key} must be a number, got ${String(v)}`);
  }

  /** A temporal base value (`date: d`), or undefined. */
  temporal(key: string): TemporalValue | undefined {
    const v = this.raw(key);
    if (v === null) return undefined;
    if (v instanceof TemporalValue) return v;
    throw temporalArgumentError(`${this.fn}(): ${key} must be a temporal value`);
  }
}

function hasDate(kind: TemporalKind): boolean {
  return kind === 'DATE' || kind === 'LOCAL DATETIME' || kind === 'ZONED DATETIME';
}

function hasTime(kind: TemporalKind): boolean {
  return kind !== 'DATE';
}

function isZoned(kind: TemporalKind): boolean {
  return kind === 'ZONED TIME' || kind === 'ZONED DATETIME';
}

/** The date part described by a component map (over an optional base day). */
function dateFromComponents(c: Components, baseDay: number | undefined): number {
  if (!c.has('year') && baseDay !== undefined) {
    if (!c.has('month') && !c.has('day') && !c.has('week') && !c.has('ordinalDay') && !c.has('quarter')) return baseDay;
  }
  const [by, bm, bd] = baseDay === undefined ? [undefined, 1, 1] : civilFromDays(baseDay);
  if (!c.has('year') && by === undefined) throw temporalArgumentError(`${c.fn}(): year is required`);
  const year = c.int('year', by ?? 0);
  if (c.has('week')) {
    const week = c.int('week', 1);
    const dow = c.int('dayOfWeek', 1);
    if (week < 1 || week > 53 || dow < 1 || dow > 7) throw temporalArgumentError(`${c.fn}(): invalid week ${week} or dayOfWeek ${dow}`);
    const jan4 = daysFromCivil(year, 1, 4);
    const week1Monday = jan4 - (dayOfWeek(jan4) - 1);
    const day = week1Monday + (week - 1) * 7 + (dow - 1);
    if (week === 53 && civilFromDays(day - (dow - 1) + 3)[0] !== year) throw temporalArgumentError(`${c.fn}(): ${year} has no week 53`);
    return day;
  }
  if (c.has('ordinalDay')) {
    const ordinal = c.int('ordinalDay', 1);
    const length = daysFromCivil(year + 1, 1, 1) - daysFromCivil(year, 1, 1);
    if (ordinal < 1 || ordinal > length) throw temporalArgumentError(`${c.fn}(): invalid ordinalDay ${ordinal}`);
    return daysFromCivil(year, 1, 1) + ordinal - 1;
  }
  if (c.has('quarter')) {
    const quarter = c.int('quarter', 1);
    const dayOfQuarter = c.int('dayOfQuarter', 1);
    if (quarter < 1 || quarter > 4) throw temporalArgumentError(`${c.fn}(): invalid quarter ${quarter}`);
    const start = daysFromCivil(year, (quarter - 1) * 3 + 1, 1);
    const end = quarter === 4 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, quarter * 3 + 1, 1);
    if (dayOfQuarter < 1 || dayOfQuarter > end - start) throw temporalArgumentError(`${c.fn}(): invalid dayOfQuarter ${dayOfQuarter}`);
    return start + dayOfQuarter - 1;
  }
  return checkedDate(year, c.int('month', c.has('year') ? 1 : bm), c.int('day', c.has('year') || c.has('month') ? 1 : bd));
}

/** The time of day described by a component map (over an optional base time). */
function timeFromComponents(c: Components, baseNanos: number | undefined): number {
  const base = baseNanos ?? 0;
  const any = ['hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond'].some((k) => c.has(k));
  if (!any) return base;
  const baseSeconds = Math.floor(base / NANOS_PER_SECOND);
  const hour = c.int('hour', baseNanos === undefined ? 0 : Math.floor(baseSeconds / 3600));
  const minute = c.int('minute', baseNanos === undefined || c.has('hour') ? 0 : Math.floor((baseSeconds % 3600) / 60));
  const second = c.int('second', baseNanos === undefined || c.has('hour') || c.has('minute') ? 0 : baseSeconds % 60);
  const sub = c.int('millisecond', 0) * 1_000_000 + c.int('microsecond', 0) * 1000 + c.int('nanosecond', 0);
  if (!c.has('hour') && (c.has('minute') || c.has('second')) && baseNanos === undefined) throw temporalArgumentError(`${c.fn}(): hour is required`);
  return checkedTime(hour, minute, second, sub);
}

function now(): { epochDay: number; nanoOfDay: number } {
  const ms = Date.now();
  const epochDay = Math.floor(ms / 86_400_000);
  return { epochDay, nanoOfDay: (ms - epochDay * 86_400_000) * 1_000_000 };
}

/** A temporal of `kind` from a STRING. */
function fromText(kind: TemporalKind, fn: string, text: string): TemporalValue {
  const t = text.trim();
  let epochDay = 0;
  let timeText = t;
  if (hasDate(kind)) {
    const i = t.indexOf('T');
    epochDay = parseDateText(i < 0 ? t : t.slice(0, i));
    timeText = i < 0 ? '' : t.slice(i + 1);
  }
  if (!hasTime(kind)) return new TemporalValue(kind, epochDay, 0, 0);
  const [clock, zone] = splitZone(timeText);
  const nanoOfDay = clock === '' ? 0 : parseTimeText(clock);
  if (!isZoned(kind)) return new TemporalValue(kind, epochDay, nanoOfDay, 0);
  if (kind === 'ZONED TIME' && zone !== '' && parseOffsetText(zone) === undefined) throw temporalArgumentError(`${fn}(): a time needs an offset, not the zone ${JSON.stringify(zone)}`);
  return new TemporalValue(kind, epochDay, nanoOfDay, zone === '' ? 0 : resolveZone(zone, epochDay, nanoOfDay));
}

/** A temporal of `kind` from a component map. */
function fromMap(kind: TemporalKind, c: Components): TemporalValue {
  if (kind === 'ZONED DATETIME' && (c.has('epochSeconds') || c.has('epochMillis'))) {
    if (c.has('epochSeconds')) return fromEpoch(c.int('epochSeconds', 0), c.int('nanosecond', 0));
    const millis = c.int('epochMillis', 0);
    const seconds = Math.floor(millis / 1000);
    return fromEpoch(seconds, (millis - seconds * 1000) * 1_000_000 + c.int('nanosecond', 0));
  }
  const base = c.temporal('datetime') ?? c.temporal('localdatetime');
  const baseDate = c.temporal('date') ?? base;
  const baseTime = c.temporal('time') ?? base;
  let epochDay = 0;
  if (hasDate(kind)) {
    if (baseDate !== undefined && !hasDate(baseDate.kind)) throw temporalArgumentError(`${c.fn}(): ${baseDate.kind} has no date`);
    epochDay = dateFromComponents(c, baseDate?.epochDay);
  }
  let nanoOfDay = 0;
  if (hasTime(kind)) {
    if (baseTime !== undefined && !hasTime(baseTime.kind)) throw temporalArgumentError(`${c.fn}(): ${baseTime.kind} has no time`);
    nanoOfDay = timeFromComponents(c, baseTime?.nanoOfDay);
  }
  let offset = 0;
  if (isZoned(kind)) {
    const zone = c.raw('timezone');
    if (zone !== null) {
      if (typeof zone !== 'string') throw temporalArgumentError(`${c.fn}(): timezone must be a STRING`);
      if (kind === 'ZONED TIME' && parseOffsetText(zone) === undefined) throw temporalArgumentError(`${c.fn}(): a time needs an offset, not the zone ${JSON.stringify(zone)}`);
      offset = resolveZone(zone, epochDay, nanoOfDay);
    } else if (baseTime !== undefined && isZoned(baseTime.kind)) {
      offset = baseTime.offsetSeconds;
    }
  }
  return checkedTemporal(new TemporalValue(kind, epochDay, nanoOfDay, offset));
}

/** Converts another temporal value to `kind`. */
function fromTemporal(kind: TemporalKind, fn: string, t: TemporalValue): TemporalValue {
  if (hasDate(kind) && !hasDate(t.kind)) throw temporalArgumentError(`${fn}(): cannot make a ${kind} from a ${t.kind}`);
  if (hasTime(kind) && !hasDate(kind) && !hasTime(t.kind)) throw temporalArgumentError(`${fn}(): cannot make a ${kind} from a ${t.kind}`);
  return new TemporalValue(kind, hasDate(kind) ? t.epochDay : 0, hasTime(kind) ? t.nanoOfDay : 0, isZoned(kind) && isZoned(t.kind) ? t.offsetSeconds : 0);
}

function temporalConstructor(name: string, display: string, kind: TemporalKind): ScalarFunction {
  return {
    name,
    minArgs: 0,
    maxArgs: 1,
    volatile: true, // with no argument it reads the clock
    call(args) {
      if (args.length === 0) {
        const { epochDay, nanoOfDay } = now();
        return new TemporalValue(kind, hasDate(kind) ? epochDay : 0, hasTime(kind) ? nanoOfDay : 0, 0);
      }
      const v = arg(args, 0);
      if (v === null) return null;
      if (typeof v === 'string') return fromText(kind, display, v);
      if (v instanceof TemporalValue) return fromTemporal(kind, display, v);
      if (isMap(v)) return fromMap(kind, new Components(display, v));
      throw functionTypeError(display, v, 'a STRING, a MAP or a temporal value');
    },
  };
}

function durationFromMap(c: Components): DurationValue {
  const months = c.num('years') * 12 + c.num('quarters') * 3 + c.num('months');
  const days = c.num('weeks') * 7 + c.num('days');
  const seconds = c.num('hours') * 3600 + c.num('minutes') * 60 + c.num('seconds') + c.num('milliseconds') / 1000 + c.num('microseconds') / 1e6;
  const nanos = c.num('nanoseconds');
  const whole = durationFromParts(months, days, seconds);
  return durationFromParts(whole.months, whole.days, whole.seconds + (whole.nanos + nanos) / NANOS_PER_SECOND);
}

function betweenFunction(name: string, unit: BetweenUnit): ScalarFunction {
  return {
    name,
    minArgs: 2,
    maxArgs: 2,
    call(args) {
      const a = arg(args, 0);
      const b = arg(args, 1);
      if (a === null || b === null) return null;
      if (!(a instanceof TemporalValue)) throw functionTypeError(name, a, 'a temporal value');
      if (!(b instanceof TemporalValue)) throw functionTypeError(name, b, 'a temporal value');
      return durationBetween(a, b, unit);
    },
  };
}

function integerArg(fn: string, v: Value): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  throw functionTypeError(fn, v, 'an INTEGER');
}

/** A ZONED DATETIME at UTC from seconds and nanoseconds since the epoch. */
function fromEpoch(seconds: number, nanos: number): TemporalValue {
  const s = seconds + Math.floor(nanos / NANOS_PER_SECOND);
  const n = nanos - Math.floor(nanos / NANOS_PER_SECOND) * NANOS_PER_SECOND;
  const epochDay = Math.floor(s / SECONDS_PER_DAY);
  return checkedTemporal(new TemporalValue('ZONED DATETIME', epochDay, (s - epochDay * SECONDS_PER_DAY) * NANOS_PER_SECOND + n, 0));
}

export const temporalFunctions: readonly ScalarFunction[] = [
  betweenFunction('duration.between', 'all'),
  betweenFunction('duration.inmonths', 'months'),
  betweenFunction('duration.indays', 'days'),
  betweenFunction('duration.inseconds', 'seconds'),
  {
    name: 'datetime.fromepoch',
    minArgs: 2,
    maxArgs: 2,
    call(args) {
      const s = arg(args, 0);
      const n = arg(args, 1);
      if (s === null || n === null) return null;
      return fromEpoch(integerArg('datetime.fromepoch', s), integerArg('datetime.fromepoch', n));
    },
  },
  {
    name: 'datetime.fromepochmillis',
    minArgs: 1,
    maxArgs: 1,
    call(args) {
      const ms = arg(args, 0);
      if (ms === null) return null;
      const millis = integerArg('datetime.fromepochmillis', ms);
      const seconds = Math.floor(millis / 1000);
      return fromEpoch(seconds, (millis - seconds * 1000) * 1_000_000);
    },
  },
  { name: 'timestamp', minArgs: 0, maxArgs: 0, volatile: true, call: () => Date.now() },
  temporalConstructor('date', 'date', 'DATE'),
  temporalConstructor('localtime', 'localtime', 'LOCAL TIME'),
  temporalConstructor('time', 'time', 'ZONED TIME'),
  temporalConstructor('localdatetime', 'localdatetime', 'LOCAL DATETIME'),
  temporalConstructor('datetime', 'datetime', 'ZONED DATETIME'),
  nullSafeUnary('duration', (v) => {
    if (typeof v === 'string') return parseDurationText(v);
    if (v instanceof DurationValue) return v;
    if (isMap(v)) return durationFromMap(new Components('duration', v));
    throw functionTypeError('duration', v, 'a STRING or a MAP');
  }),
];
