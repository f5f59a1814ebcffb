/**
 * Reading temporal values from ISO 8601 text, as `date('2015-07-21')`,
 * `localtime('12:31:14.645876123')`, `time('10:35-08:00')`,
 * `datetime('2015-07-21T21:40:32.142+01:00')` and `duration('P1DT2H')`
 * take them, and time zones (`'+01:00'`, `'-0800'`, `'Z'`, `'UTC'`, or an
 * IANA name such as `'Europe/Stockholm'`, resolved to its offset at the
 * given local time through `Intl`).
 *
 * Accepted forms: dates `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM`, `YYYY`;
 * times `HH:MM[:SS[.fraction]]` or `HHMM[SS[.fraction]]` (fraction up to 9
 * digits), `HH`; date-times `<date>T<time>`; offsets after the time;
 * durations `P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]` with optional signs.
 * Anything else is ArgumentError/InvalidArgumentValue naming the text.
 */
import { CypherError } from '../../base/errors.js';
import { NANOS_PER_SECOND, daysFromCivil, daysInMonth, durationFromParts, makeDuration, type DurationValue } from '../values/temporal.js';

/** ArgumentError/InvalidArgumentValue for a temporal argument out of its domain. */
export function temporalArgumentError(message: string): CypherError {
  return new CypherError('ArgumentError', 'InvalidArgumentValue', message, { phase: 'runtime' });
}

/** A checked civil date as a day number. */
export function checkedDate(year: number, month: number, day: number): number {
  if (!Number.isInteger(year) || year < -999_999 || year > 999_999) throw temporalArgumentError(`invalid year ${year}`);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw temporalArgumentError(`invalid month ${month}`);
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) throw temporalArgumentError(`invalid day ${day} of ${year}-${month}`);
  return daysFromCivil(year, month, day);
}

/** A checked time of day as nanoseconds since midnight. */
export function checkedTime(hour: number, minute: number, second: number, nano: number): number {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw temporalArgumentError(`invalid hour ${hour}`);
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw temporalArgumentError(`invalid minute ${minute}`);
  if (!Number.isInteger(second) || second < 0 || second > 59) throw temporalArgumentError(`invalid second ${second}`);
  if (!Number.isInteger(nano) || nano < 0 || nano >= NANOS_PER_SECOND) throw temporalArgumentError(`invalid nanosecond ${nano}`);
  return ((hour * 60 + minute) * 60 + second) * NANOS_PER_SECOND + nano;
}

const DATE_TEXT = /^([+-]\d{4,6}|\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?$/;
const TIME_TEXT = /^(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?$/;
const OFFSET_TEXT = /^(?:Z|([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)$/;

/** A date text as a day number. */
export function parseDateText(text: string): number {
  const m = DATE_TEXT.exec(text.trim());
  if (m === null) throw temporalArgumentError(`invalid date text ${JSON.stringify(text)}`);
  return checkedDate(Number(m[1]), m[2] === undefined ? 1 : Number(m[2]), m[3] === undefined ? 1 : Number(m[3]));
}

/** A time text (no offset) as nanoseconds since midnight. */
export function parseTimeText(text: string): number {
  const m = TIME_TEXT.exec(text);
  if (m === null) throw temporalArgumentError(`invalid time text ${JSON.stringify(text)}`);
  const nano = m[4] === undefined ? 0 : Number(m[4].padEnd(9, '0'));
  return checkedTime(Number(m[1]), m[2] === undefined ? 0 : Number(m[2]), m[3] === undefined ? 0 : Number(m[3]), nano);
}

/** Splits `12:00:00+01:00` / `12:00Z` / `12:00[Europe/Paris]` into the time and the zone text ('' when none). */
export function splitZone(text: string): [string, string] {
  const bracket = text.indexOf('[');
  if (bracket >= 0 && text.endsWith(']')) return [splitZone(text.slice(0, bracket))[0], text.slice(bracket + 1, -1)];
  const i = text.search(/[Z+-]/);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i)];
}

/** The offset in seconds of an offset text (`+01:00`, `-0800`, `Z`, `UTC`), or undefined when it is not one. */
export function parseOffsetText(text: string): number | undefined {
  if (text === 'UTC' || text === 'GMT') return 0;
  const m = OFFSET_TEXT.exec(text);
  if (m === null) return undefined;
  if (m[1] === undefined) return 0;
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? '0') * 60 + Number(m[4] ?? '0');
  if (seconds > 18 * 3600) throw temporalArgumentError(`invalid time zone offset ${JSON.stringify(text)}`);
  return m[1] === '-' ? -seconds : seconds;
}

/** The UTC offset (seconds) of an IANA zone at an instant (ms since the epoch). */
function zoneOffsetAt(zone: string, utcMs: number): number {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short' });
  } catch {
    throw temporalArgumentError(`unknown time zone ${JSON.stringify(zone)}`);
  }
  const parts: Record<string, string> = {};
  for (const p of format.formatToParts(new Date(utcMs))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const local = new Date(0);
  local.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  local.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  return Math.round((local.getTime() - Math.floor(utcMs / 1000) * 1000) / 1000);
}

/**
 * The offset (seconds) of a zone text for a local date-time: an offset
 * text as is, or an IANA zone's offset at that local time (the earlier
 * offset when the local time is ambiguous).
 */
export function resolveZone(zone: string, epochDay: number, nanoOfDay: number): number {
  const fixed = parseOffsetText(zone);
  if (fixed !== undefined) return fixed;
  const localMs = epochDay * 86_400_000 + Math.floor(nanoOfDay / 1_000_000);
  let offset = zoneOffsetAt(zone, localMs);
  offset = zoneOffsetAt(zone, localMs - offset * 1000);
  return offset;
}

const DURATION_TEXT = /^([+-])?P(?:([+-]?\d+(?:[.,]\d+)?)Y)?(?:([+-]?\d+(?:[.,]\d+)?)M)?(?:([+-]?\d+(?:[.,]\d+)?)W)?(?:([+-]?\d+(?:[.,]\d+)?)D)?(?:T(?:([+-]?\d+(?:[.,]\d+)?)H)?(?:([+-]?\d+(?:[.,]\d+)?)M)?(?:([+-]?\d+(?:[.,]\d{1,9})?)S)?)?$/i;

/** A duration text such as `P1Y2M10DT2H30M` or `PT0.5S`. */
export function parseDurationText(text: string): DurationValue {
  const m = DURATION_TEXT.exec(text.trim());
  if (m === null || /^[+-]?PT?$/i.test(text.trim())) throw temporalArgumentError(`invalid duration text ${JSON.stringify(text)}`);
  const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s.replace(',', '.')));
  const sign = m[1] === '-' ? -1 : 1;
  const months = num(m[2]) * 12 + num(m[3]);
  const days = num(m[4]) * 7 + num(m[5]);
  const secondsText = m[8];
  let seconds = num(m[6]) * 3600 + num(m[7]) * 60;
  let nanos = 0;
  if (secondsText !== undefined) {
    const [whole = '0', frac = ''] = secondsText.replace(',', '.').split('.');
    const s = Number(whole);
    seconds += s;
    const n = frac === '' ? 0 : Number(frac.padEnd(9, '0'));
    nanos = secondsText.startsWith('-') ? -n : n;
  }
  if (Number.isInteger(months) && Number.isInteger(days) && Number.isInteger(seconds)) {
    return makeDuration(sign * months, sign * days, sign * seconds, sign * nanos);
  }
  const d = durationFromParts(months, days, seconds);
  return makeDuration(sign * d.months, sign * d.days, sign * d.seconds, sign * (d.nanos + nanos));
}
