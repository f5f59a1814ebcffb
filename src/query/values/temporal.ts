/**
 * openCypher's temporal values in the query engine: the comparisons of the
 * CIP on comparability (instants with an offset compare on the UTC
 * timeline; different kinds are incomparable), equivalence keys, the ORDER
 * BY rank of each kind, the arithmetic of a temporal with a duration, and
 * the components (`d.year`). The value classes, their text and the
 * calendar live in src/graph/temporal-value.ts (stored properties can hold
 * them) and are re-exported here.
 *
 * This file imports nothing from value.ts (value.ts imports it).
 */
import { CypherError } from '../../base/errors.js';
import {
  DurationValue,
  NANOS_PER_DAY,
  NANOS_PER_SECOND,
  SECONDS_PER_DAY,
  TemporalValue,
  YEAR_MAX,
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  daysInMonth,
  formatOffset,
  type TemporalKind,
} from '../../graph/temporal-value.js';

export {
  DurationValue,
  NANOS_PER_DAY,
  NANOS_PER_SECOND,
  SECONDS_PER_DAY,
  TemporalValue,
  YEAR_MAX,
  civilFromDays,
  dayOfWeek,
  daysFromCivil,
  daysInMonth,
  isLeapYear,
  type TemporalKind,
} from '../../graph/temporal-value.js';

// ---- comparison ----

/** The instant of a ZONED DATETIME as [UTC seconds since the epoch, nanos]. */
function instant(t: TemporalValue): [number, number] {
  const secOfDay = Math.floor(t.nanoOfDay / NANOS_PER_SECOND);
  return [t.epochDay * SECONDS_PER_DAY + secOfDay - t.offsetSeconds, t.nanoOfDay - secOfDay * NANOS_PER_SECOND];
}

/** The position of a ZONED TIME on the UTC day, in nanoseconds (may leave [0, one day)). */
function utcNanoOfDay(t: TemporalValue): number {
  return t.nanoOfDay - t.offsetSeconds * NANOS_PER_SECOND;
}

function sign(x: number): number {
  return x < 0 ? -1 : x > 0 ? 1 : 0;
}

/** Compares two temporal values of the same kind: -1, 0 or 1; null for different kinds. */
export function compareTemporals(a: TemporalValue, b: TemporalValue): number | null {
  if (a.kind !== b.kind) return null;
  switch (a.kind) {
    case 'DATE':
      return sign(a.epochDay - b.epochDay);
    case 'LOCAL TIME':
      return sign(a.nanoOfDay - b.nanoOfDay);
    case 'ZONED TIME':
      return sign(utcNanoOfDay(a) - utcNanoOfDay(b));
    case 'LOCAL DATETIME':
      return sign(a.epochDay - b.epochDay) || sign(a.nanoOfDay - b.nanoOfDay);
    case 'ZONED DATETIME': {
      const [sa, na] = instant(a);
      const [sb, nb] = instant(b);
      return sign(sa - sb) || sign(na - nb);
    }
  }
}

/** Text naming a temporal value's position in its kind's order: equal for equal values (12:00+01:00 and 11:00Z). */
export function temporalKey(t: TemporalValue): string {
  switch (t.kind) {
    case 'DATE':
      return `D${t.epochDay}`;
    case 'LOCAL TIME':
      return `t${t.nanoOfDay}`;
    case 'ZONED TIME':
      return `T${utcNanoOfDay(t)}`;
    case 'LOCAL DATETIME':
      return `l${t.epochDay}:${t.nanoOfDay}`;
    case 'ZONED DATETIME': {
      const [s, n] = instant(t);
      return `Z${s}:${n}`;
    }
  }
}

/** Rank of a temporal kind in the global sort order (zoned datetime first, as the CIP lists them). */
export function temporalKindRank(kind: TemporalKind): number {
  switch (kind) {
    case 'ZONED DATETIME':
      return 0;
    case 'LOCAL DATETIME':
      return 1;
    case 'DATE':
      return 2;
    case 'ZONED TIME':
      return 3;
    case 'LOCAL TIME':
      return 4;
  }
}

/** Whether two durations have equal components. */
export function durationsEqual(a: DurationValue, b: DurationValue): boolean {
  return a.months === b.months && a.days === b.days && a.seconds === b.seconds && a.nanos === b.nanos;
}

/** A total order of durations for ORDER BY (durations are incomparable under `<`): by months, days, seconds, nanos. */
export function orderDurations(a: DurationValue, b: DurationValue): number {
  return sign(a.months - b.months) || sign(a.days - b.days) || sign(a.seconds - b.seconds) || sign(a.nanos - b.nanos);
}

// ---- arithmetic ----

/** A duration with seconds and nanos normalised to one sign and |nanos| < 1e9. */
export function makeDuration(months: number, days: number, seconds: number, nanos: number): DurationValue {
  let s = seconds + Math.trunc(nanos / NANOS_PER_SECOND);
  let n = nanos % NANOS_PER_SECOND;
  if (s > 0 && n < 0) {
    s -= 1;
    n += NANOS_PER_SECOND;
  } else if (s < 0 && n > 0) {
    s += 1;
    n -= NANOS_PER_SECOND;
  }
  return new DurationValue(months, days, s, n === 0 ? 0 : n);
}

/** Adds months to a date, clamping the day to the end of the month (Jan 31 + 1 month is Feb 28/29). */
function plusMonths(epochDay: number, months: number): number {
  if (months === 0) return epochDay;
  const [y, m, d] = civilFromDays(epochDay);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return daysFromCivil(year, month, Math.min(d, daysInMonth(year, month)));
}

/** `t + d` (`sign` -1 for `t - d`). A DATE adds whole days of the duration's time part; times wrap around midnight. */
export function addDuration(t: TemporalValue, d: DurationValue, direction: 1 | -1): TemporalValue {
  const months = d.months * direction;
  // Whole days of the seconds apart, so no product leaves the exact range of a double.
  const secondDays = Math.trunc(d.seconds / SECONDS_PER_DAY) * direction;
  const nanos = ((d.seconds % SECONDS_PER_DAY) * NANOS_PER_SECOND + d.nanos) * direction;
  const days = d.days * direction;
  switch (t.kind) {
    case 'DATE': {
      const extraDays = secondDays + Math.trunc(nanos / NANOS_PER_DAY);
      return checkedTemporal(new TemporalValue('DATE', plusMonths(t.epochDay, months) + days + extraDays, 0, 0));
    }
    case 'LOCAL TIME':
    case 'ZONED TIME': {
      const n = (((t.nanoOfDay + (nanos % NANOS_PER_DAY)) % NANOS_PER_DAY) + NANOS_PER_DAY) % NANOS_PER_DAY;
      return new TemporalValue(t.kind, 0, n, t.offsetSeconds);
    }
    case 'LOCAL DATETIME':
    case 'ZONED DATETIME': {
      const day = plusMonths(t.epochDay, months) + days + secondDays;
      const total = t.nanoOfDay + nanos;
      const carry = Math.floor(total / NANOS_PER_DAY);
      return checkedTemporal(new TemporalValue(t.kind, day + carry, total - carry * NANOS_PER_DAY, t.offsetSeconds));
    }
  }
}

/** What `duration.between` and its `in...` forms measure. */
export type BetweenUnit = 'all' | 'months' | 'days' | 'seconds';

/** Whole months from one day to another, as Java's LocalDate.until(MONTHS): a partial month does not count. */
function monthsUntil(fromDay: number, toDay: number): number {
  const [fy, fm, fd] = civilFromDays(fromDay);
  const [ty, tm, td] = civilFromDays(toDay);
  let months = ty * 12 + tm - (fy * 12 + fm);
  if (months > 0 && td < fd) months--;
  else if (months < 0 && td > fd) months++;
  return months;
}

/**
 * The duration from `a` to `b` (`duration.between(a, b)`; `unit` limits it
 * to whole months, whole days or seconds as `duration.inMonths` / `inDays`
 * / `inSeconds` do). When both have an offset, `b` is taken at `a`'s
 * offset. A value without a date contributes only its time of day (and the
 * result then has no months or days); one without a time is at midnight.
 */
export function durationBetween(a: TemporalValue, b: TemporalValue, unit: BetweenUnit): DurationValue {
  const aDate = a.kind === 'DATE' || a.kind === 'LOCAL DATETIME' || a.kind === 'ZONED DATETIME';
  const bDate = b.kind === 'DATE' || b.kind === 'LOCAL DATETIME' || b.kind === 'ZONED DATETIME';
  const bothZoned = (a.kind === 'ZONED TIME' || a.kind === 'ZONED DATETIME') && (b.kind === 'ZONED TIME' || b.kind === 'ZONED DATETIME');
  // b's local date-time at a's offset, as nanoseconds since the epoch day 0.
  const shift = bothZoned ? (a.offsetSeconds - b.offsetSeconds) * NANOS_PER_SECOND : 0;
  if (!aDate || !bDate) {
    const nanos = b.nanoOfDay + shift - a.nanoOfDay;
    return unit === 'months' || unit === 'days' ? new DurationValue(0, 0, 0, 0) : makeDuration(0, 0, 0, nanos);
  }
  const bShifted = b.nanoOfDay + shift;
  const carry = Math.floor(bShifted / NANOS_PER_DAY);
  const bDay = b.epochDay + carry;
  const bNano = bShifted - carry * NANOS_PER_DAY;
  let endDay = bDay;
  if (endDay > a.epochDay && bNano < a.nanoOfDay) endDay--;
  else if (endDay < a.epochDay && bNano > a.nanoOfDay) endDay++;
  // Seconds and nanoseconds from a day count and a nanosecond difference, never one product beyond 2^53.
  const span = (dayCount: number): DurationValue => {
    const nanoDiff = bNano - a.nanoOfDay;
    return makeDuration(0, 0, dayCount * SECONDS_PER_DAY + Math.trunc(nanoDiff / NANOS_PER_SECOND), nanoDiff % NANOS_PER_SECOND);
  };
  switch (unit) {
    case 'months':
      return new DurationValue(monthsUntil(a.epochDay, endDay), 0, 0, 0);
    case 'days':
      return new DurationValue(0, endDay - a.epochDay, 0, 0);
    case 'seconds':
      return span(bDay - a.epochDay);
    case 'all': {
      const months = monthsUntil(a.epochDay, endDay);
      const afterMonths = plusMonths(a.epochDay, months);
      const days = endDay - afterMonths;
      const rest = span(bDay - afterMonths - days);
      return makeDuration(months, days, rest.seconds, rest.nanos);
    }
  }
}

/** `a + b` of durations (`direction` -1 for `a - b`). */
export function addDurations(a: DurationValue, b: DurationValue, direction: 1 | -1): DurationValue {
  return makeDuration(a.months + direction * b.months, a.days + direction * b.days, a.seconds + direction * b.seconds, a.nanos + direction * b.nanos);
}

/** Average lengths openCypher uses to cascade fractions of months and days. */
const SECONDS_PER_MONTH_AVG = 2_629_746; // 365.2425 / 12 days

/** A duration from possibly fractional components, cascading fractions down (months to days to seconds to nanos). */
export function durationFromParts(months: number, days: number, seconds: number): DurationValue {
  const wholeMonths = Math.trunc(months);
  const monthFraction = months - wholeMonths;
  const daysTotal = days + (monthFraction * SECONDS_PER_MONTH_AVG) / SECONDS_PER_DAY;
  const wholeDays = Math.trunc(daysTotal);
  const secondsTotal = seconds + (daysTotal - wholeDays) * SECONDS_PER_DAY;
  const wholeSeconds = Math.trunc(secondsTotal);
  const nanos = Math.round((secondsTotal - wholeSeconds) * NANOS_PER_SECOND);
  return makeDuration(wholeMonths, wholeDays, wholeSeconds, nanos);
}

/** `d * factor` (`d / divisor` is `d * (1 / divisor)`), fractions cascading down. */
export function scaleDuration(d: DurationValue, factor: number): DurationValue {
  return durationFromParts(d.months * factor, d.days * factor, (d.seconds + d.nanos / NANOS_PER_SECOND) * factor);
}

/** The same value, or ArgumentError/InvalidArgumentValue when its year leaves [-YEAR_MAX, YEAR_MAX]. */
export function checkedTemporal(t: TemporalValue): TemporalValue {
  const [y] = civilFromDays(t.epochDay);
  if (!(y >= -YEAR_MAX && y <= YEAR_MAX)) {
    throw new CypherError('ArgumentError', 'InvalidArgumentValue', `year ${y} is outside the supported range [-${YEAR_MAX}, ${YEAR_MAX}]`, { phase: 'runtime' });
  }
  return t;
}

// ---- components (`d.year`, `t.hour`, `dur.minutes`) ----

function isoWeek(epochDay: number): [number, number] {
  const thursday = epochDay - (dayOfWeek(epochDay) - 1) + 3; // the Thursday of this ISO week decides its year
  const weekYear = civilFromDays(thursday)[0];
  const jan4 = daysFromCivil(weekYear, 1, 4);
  const week1Monday = jan4 - (dayOfWeek(jan4) - 1);
  return [weekYear, Math.floor((epochDay - week1Monday) / 7) + 1];
}

/** A component of a date or time by its openCypher name (case-insensitive), or undefined when it has none. */
export function temporalComponent(t: TemporalValue, name: string): number | string | undefined {
  const key = name.toLowerCase();
  const withDate = t.kind === 'DATE' || t.kind === 'LOCAL DATETIME' || t.kind === 'ZONED DATETIME';
  const withTime = t.kind !== 'DATE';
  const zoned = t.kind === 'ZONED TIME' || t.kind === 'ZONED DATETIME';
  if (withDate) {
    const [y, m, d] = civilFromDays(t.epochDay);
    switch (key) {
      case 'year':
        return y;
      case 'quarter':
        return Math.floor((m - 1) / 3) + 1;
      case 'month':
        return m;
      case 'day':
        return d;
      case 'week':
        return isoWeek(t.epochDay)[1];
      case 'weekyear':
        return isoWeek(t.epochDay)[0];
      case 'dayofweek':
      case 'weekday':
        return dayOfWeek(t.epochDay);
      case 'ordinalday':
        return t.epochDay - daysFromCivil(y, 1, 1) + 1;
      case 'dayofquarter':
        return t.epochDay - daysFromCivil(y, Math.floor((m - 1) / 3) * 3 + 1, 1) + 1;
      default:
        break;
    }
  }
  if (withTime) {
    const seconds = Math.floor(t.nanoOfDay / NANOS_PER_SECOND);
    const nano = t.nanoOfDay - seconds * NANOS_PER_SECOND;
    switch (key) {
      case 'hour':
        return Math.floor(seconds / 3600);
      case 'minute':
        return Math.floor((seconds % 3600) / 60);
      case 'second':
        return seconds % 60;
      case 'millisecond':
        return Math.floor(nano / 1_000_000);
      case 'microsecond':
        return Math.floor(nano / 1000);
      case 'nanosecond':
        return nano;
      default:
        break;
    }
  }
  if (zoned) {
    switch (key) {
      case 'timezone':
      case 'offset':
        return formatOffset(t.offsetSeconds) === 'Z' ? (key === 'offset' ? '+00:00' : 'Z') : formatOffset(t.offsetSeconds);
      case 'offsetminutes':
        return Math.trunc(t.offsetSeconds / 60);
      case 'offsetseconds':
        return t.offsetSeconds;
      default:
        break;
    }
  }
  if (t.kind === 'ZONED DATETIME') {
    const [s, n] = instant(t);
    if (key === 'epochseconds') return s;
    if (key === 'epochmillis') return s * 1000 + Math.floor(n / 1_000_000);
  }
  return undefined;
}

/** A component of a duration by its openCypher name (case-insensitive), or undefined. */
export function durationComponent(d: DurationValue, name: string): number | undefined {
  const totalNanosOfSeconds = d.seconds * NANOS_PER_SECOND + d.nanos;
  switch (name.toLowerCase()) {
    case 'years':
      return Math.trunc(d.months / 12);
    case 'quarters':
      return Math.trunc(d.months / 3);
    case 'months':
      return d.months;
    case 'weeks':
      return Math.trunc(d.days / 7);
    case 'days':
      return d.days;
    case 'hours':
      return Math.trunc(d.seconds / 3600);
    case 'minutes':
      return Math.trunc(d.seconds / 60);
    case 'seconds':
      return d.seconds;
    case 'milliseconds':
      return Math.trunc(totalNanosOfSeconds / 1_000_000);
    case 'microseconds':
      return Math.trunc(totalNanosOfSeconds / 1000);
    case 'nanoseconds':
      return totalNanosOfSeconds;
    case 'quartersofyear':
      return Math.trunc((d.months % 12) / 3);
    case 'monthsofquarter':
      return d.months % 3;
    case 'monthsofyear':
      return d.months % 12;
    case 'daysofweek':
      return d.days % 7;
    case 'minutesofhour':
      return Math.trunc((d.seconds % 3600) / 60);
    case 'secondsofminute':
      return d.seconds % 60;
    case 'millisecondsofsecond':
      return Math.trunc(d.nanos / 1_000_000);
    case 'microsecondsofsecond':
      return Math.trunc(d.nanos / 1000);
    case 'nanosecondsofsecond':
      return d.nanos;
    default:
      return undefined;
  }
}
