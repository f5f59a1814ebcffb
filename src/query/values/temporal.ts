/**
 * openCypher's temporal values: DATE, LOCAL TIME, ZONED TIME, LOCAL
 * DATETIME, ZONED DATETIME (`TemporalValue`) and DURATION
 * (`DurationValue`), with nanosecond precision, the ISO 8601 text Cypher
 * prints (Java's `LocalDate`/`LocalTime`/`OffsetDateTime.toString()`), the
 * comparisons of the CIP on comparability (instants with an offset compare
 * on the UTC timeline; different kinds are incomparable) and the
 * arithmetic of a temporal with a duration.
 *
 * Representation (all plain numbers, exact within these ranges):
 *   epochDay       days since 1970-01-01 in the proleptic Gregorian calendar
 *                  (0 for the time kinds)
 *   nanoOfDay      nanoseconds since midnight, [0, 86_400e9) (0 for DATE)
 *   offsetSeconds  the UTC offset of the zoned kinds (0 for the others)
 * A DURATION is months, days, seconds and nanoseconds, each carried
 * separately as openCypher says (a month is not a fixed number of days);
 * seconds and nanoseconds share one sign.
 *
 * Time zones are offsets (`'+01:00'`, `'-08:00'`, `'Z'`); named zones
 * (`'Europe/Stockholm'`) are not supported. Years are limited to
 * [-999_999, 999_999].
 *
 * This file imports nothing from value.ts (value.ts imports it).
 */
import { CypherError } from '../../base/errors.js';

export const NANOS_PER_SECOND = 1_000_000_000;
export const NANOS_PER_DAY = 86_400 * NANOS_PER_SECOND;
export const SECONDS_PER_DAY = 86_400;
export const YEAR_MAX = 999_999;

export type TemporalKind = 'DATE' | 'LOCAL TIME' | 'ZONED TIME' | 'LOCAL DATETIME' | 'ZONED DATETIME';

/** A date, a time or a date-time (see the file comment). */
export class TemporalValue {
  constructor(
    readonly kind: TemporalKind,
    readonly epochDay: number,
    readonly nanoOfDay: number,
    readonly offsetSeconds: number,
  ) {}

  /** The ISO 8601 text Cypher prints: `1984-10-11`, `12:31:14.645876123`, `10:35-08:00`, `1984-10-11T12:31:14Z`. */
  toString(): string {
    switch (this.kind) {
      case 'DATE':
        return formatDate(this.epochDay);
      case 'LOCAL TIME':
        return formatTime(this.nanoOfDay);
      case 'ZONED TIME':
        return formatTime(this.nanoOfDay) + formatOffset(this.offsetSeconds);
      case 'LOCAL DATETIME':
        return `${formatDate(this.epochDay)}T${formatTime(this.nanoOfDay)}`;
      case 'ZONED DATETIME':
        return `${formatDate(this.epochDay)}T${formatTime(this.nanoOfDay)}${formatOffset(this.offsetSeconds)}`;
    }
  }
}

/** A duration: months, days, seconds and nanoseconds (see the file comment). */
export class DurationValue {
  constructor(
    readonly months: number,
    readonly days: number,
    readonly seconds: number,
    readonly nanos: number,
  ) {}

  /** ISO 8601 as Cypher prints it: `P1Y2M3DT4H5M6.7S`, `PT0S` for zero. */
  toString(): string {
    const years = Math.trunc(this.months / 12);
    const months = this.months % 12;
    let out = 'P';
    if (years !== 0) out += `${years}Y`;
    if (months !== 0) out += `${months}M`;
    if (this.days !== 0) out += `${this.days}D`;
    const total = this.seconds + this.nanos / NANOS_PER_SECOND;
    if (this.seconds !== 0 || this.nanos !== 0) {
      out += 'T';
      const hours = Math.trunc(this.seconds / 3600);
      const minutes = Math.trunc((this.seconds % 3600) / 60);
      const secs = this.seconds % 60;
      if (hours !== 0) out += `${hours}H`;
      if (minutes !== 0) out += `${minutes}M`;
      if (secs !== 0 || this.nanos !== 0) {
        const negative = secs < 0 || this.nanos < 0;
        const frac = Math.abs(this.nanos) === 0 ? '' : '.' + String(Math.abs(this.nanos)).padStart(9, '0').replace(/0+$/, '');
        out += `${negative ? '-' : ''}${Math.abs(secs)}${frac}S`;
      }
    }
    return out === 'P' || (total === 0 && this.months === 0 && this.days === 0) ? 'PT0S' : out;
  }
}

// ---- calendar arithmetic (proleptic Gregorian; H. Hinnant's algorithms) ----

/** Days since 1970-01-01 of a civil date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number: [year, month, day]. */
export function civilFromDays(epochDay: number): [number, number, number] {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** ISO day of week, Monday = 1 .. Sunday = 7. */
export function dayOfWeek(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

// ---- text ----

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatDate(epochDay: number): string {
  const [y, m, d] = civilFromDays(epochDay);
  const year = y >= 0 && y <= 9999 ? pad(y, 4) : y > 9999 ? `+${y}` : `-${pad(-y, 4)}`;
  return `${year}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Java's LocalTime.toString: HH:mm, then :ss when seconds or nanos are set, then 3, 6 or 9 fraction digits. */
function formatTime(nanoOfDay: number): string {
  const totalSeconds = Math.floor(nanoOfDay / NANOS_PER_SECOND);
  const nano = nanoOfDay - totalSeconds * NANOS_PER_SECOND;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  let out = `${pad(h, 2)}:${pad(m, 2)}`;
  if (s === 0 && nano === 0) return out;
  out += `:${pad(s, 2)}`;
  if (nano === 0) return out;
  if (nano % 1_000_000 === 0) return `${out}.${pad(nano / 1_000_000, 3)}`;
  if (nano % 1000 === 0) return `${out}.${pad(nano / 1000, 6)}`;
  return `${out}.${pad(nano, 9)}`;
}

function formatOffset(offsetSeconds: number): string {
  if (offsetSeconds === 0) return 'Z';
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  return `${sign}${pad(h, 2)}:${pad(m, 2)}${s === 0 ? '' : `:${pad(s, 2)}`}`;
}

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
  const days = d.days * direction;
  const nanos = (d.seconds * NANOS_PER_SECOND + d.nanos) * direction;
  switch (t.kind) {
    case 'DATE': {
      const extraDays = Math.trunc(nanos / NANOS_PER_DAY);
      return checkedTemporal(new TemporalValue('DATE', plusMonths(t.epochDay, months) + days + extraDays, 0, 0));
    }
    case 'LOCAL TIME':
    case 'ZONED TIME': {
      const n = (((t.nanoOfDay + (nanos % NANOS_PER_DAY)) % NANOS_PER_DAY) + NANOS_PER_DAY) % NANOS_PER_DAY;
      return new TemporalValue(t.kind, 0, n, t.offsetSeconds);
    }
    case 'LOCAL DATETIME':
    case 'ZONED DATETIME': {
      const day = plusMonths(t.epochDay, months) + days;
      const total = t.nanoOfDay + nanos;
      const carry = Math.floor(total / NANOS_PER_DAY);
      return checkedTemporal(new TemporalValue(t.kind, day + carry, total - carry * NANOS_PER_DAY, t.offsetSeconds));
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
