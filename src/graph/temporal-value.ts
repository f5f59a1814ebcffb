/**
 * The temporal values of the query language as data: DATE, LOCAL TIME,
 * ZONED TIME, LOCAL DATETIME, ZONED DATETIME (`TemporalValue`) and DURATION
 * (`DurationValue`), with nanosecond precision, the ISO 8601 text Cypher
 * prints (Java's `LocalDate`/`LocalTime`/`OffsetDateTime.toString()`) and
 * the proleptic Gregorian calendar conversions. They live in the graph
 * layer (like `BoxedFloat`) so that stored properties can hold them; their
 * comparison and arithmetic are the query engine's
 * (src/query/values/temporal.ts).
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
 * A zoned value holds a UTC offset, not a zone name (a named zone given to
 * the constructor functions is resolved to its offset at that time).
 * Years are limited to [-999_999, 999_999].
 */

export const NANOS_PER_SECOND = 1_000_000_000;
export const NANOS_PER_DAY = 86_400 * NANOS_PER_SECOND;
export const SECONDS_PER_DAY = 86_400;
export const YEAR_MAX = 999_999;

export type TemporalKind = 'DATE' | 'LOCAL TIME' | 'ZONED TIME' | 'LOCAL DATETIME' | 'ZONED DATETIME';

/** The largest UTC offset, +-18:00 (Java's ZoneOffset range), in seconds. */
export const OFFSET_SECONDS_MAX = 18 * 3600;

/** Whether a kind has a date part (epochDay), a time part (nanoOfDay), an offset. */
export function kindHasDate(kind: TemporalKind): boolean {
  return kind === 'DATE' || kind === 'LOCAL DATETIME' || kind === 'ZONED DATETIME';
}
export function kindHasTime(kind: TemporalKind): boolean {
  return kind !== 'DATE';
}
export function kindIsZoned(kind: TemporalKind): boolean {
  return kind === 'ZONED TIME' || kind === 'ZONED DATETIME';
}

/**
 * The position of a zoned value on the UTC timeline, as [day, nanoOfDay]
 * with nanoOfDay in [0, NANOS_PER_DAY): for a ZONED DATETIME the UTC date
 * and time of its instant; for a ZONED TIME day is -1, 0 or 1 (the UTC time
 * may fall on the day before or after). Local kinds are returned as they
 * are. Exact: every intermediate is below 2^53.
 */
export function utcDayAndNano(t: TemporalValue): [day: number, nanoOfDay: number] {
  if (!kindIsZoned(t.kind)) return [t.epochDay, t.nanoOfDay];
  const total = t.nanoOfDay - t.offsetSeconds * NANOS_PER_SECOND;
  const carry = Math.floor(total / NANOS_PER_DAY);
  return [t.epochDay + carry, total - carry * NANOS_PER_DAY];
}

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

/** The day numbers of -999_999-01-01 and 999_999-12-31: the range of `epochDay`. */
export const EPOCH_DAY_MIN = daysFromCivil(-YEAR_MAX, 1, 1);
export const EPOCH_DAY_MAX = daysFromCivil(YEAR_MAX, 12, 31);

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

export function formatOffset(offsetSeconds: number): string {
  if (offsetSeconds === 0) return 'Z';
  const sign = offsetSeconds < 0 ? '-' : '+';
  const abs = Math.abs(offsetSeconds);
  const h = Math.floor(abs / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const s = abs % 60;
  return `${sign}${pad(h, 2)}:${pad(m, 2)}${s === 0 ? '' : `:${pad(s, 2)}`}`;
}


// ---- lookups ----

/**
 * The same instant as `t` at the most westerly and the most easterly offset
 * it can be written with (for a ZONED DATETIME -18:00 and +18:00; for a
 * ZONED TIME those that keep the local time within the day), so
 * [first, last] is every value equal to `t` on the UTC timeline. The graph
 * layer orders zoned values by instant, then offset (value-compare.ts), so
 * Cypher's comparisons, which ignore the offset, map to graph lookups as:
 * `= t` is the range gte first, lte last; `< t` is lt first; `<= t` lte
 * last; `> t` gt last; `>= t` gte first. Other kinds return [t, t].
 * (Within a day of the ends of the year range a ZONED DATETIME bound may
 * fall outside it, and a lookup then refuses it as INVALID_ARG.)
 */
export function sameInstantExtremes(t: TemporalValue): [first: TemporalValue, last: TemporalValue] {
  if (!kindIsZoned(t.kind)) return [t, t];
  const utc = t.nanoOfDay - t.offsetSeconds * NANOS_PER_SECOND;
  const at = (offset: number): TemporalValue => {
    const total = utc + offset * NANOS_PER_SECOND;
    const carry = Math.floor(total / NANOS_PER_DAY);
    return new TemporalValue(t.kind, t.kind === 'ZONED TIME' ? 0 : t.epochDay + carry, total - carry * NANOS_PER_DAY, offset);
  };
  if (t.kind === 'ZONED DATETIME') return [at(-OFFSET_SECONDS_MAX), at(OFFSET_SECONDS_MAX)];
  // A ZONED TIME has no date: the local time utc + offset must stay in [0, one day).
  const low = Math.max(-OFFSET_SECONDS_MAX, Math.ceil(-utc / NANOS_PER_SECOND));
  const high = Math.min(OFFSET_SECONDS_MAX, Math.floor((NANOS_PER_DAY - 1 - utc) / NANOS_PER_SECOND));
  return [at(low), at(high)];
}
