// The one rule for timestamps in input files: ISO-8601 text (a zone, or UTC when none is written) or epoch
// milliseconds, between 1990 and 2100. Hand-parsed: Date.parse reads "hello 2020" as 2020-01-01, "Tuesday 99"
// as 1999 and zone-less date-times in the machine's local zone.
import { z } from 'zod';

export const MIN_TIMESTAMP_MS = Date.UTC(1990, 0, 1);
export const MAX_TIMESTAMP_MS = Date.UTC(2100, 0, 1);
/** The rule in full, for docs and --help; reasons use the short form. */
export const TIMESTAMP_RULE_TEXT =
  'an ISO-8601 date or date-time (YYYY-MM-DD, optionally THH:MM[:SS[.fff]] and Z or ±HH:MM; no zone means UTC) or epoch milliseconds, from 1990-01-01 to 2100-01-01';
const SHORT_RULE = 'an ISO-8601 date-time (2024-05-01T12:30:00Z) or epoch milliseconds';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** Epoch seconds of 1990..2100 are 6.3e8..4.1e9: a number there read as milliseconds is 1970. */
const EPOCH_SECONDS_MIN = MIN_TIMESTAMP_MS / 1000;
const EPOCH_SECONDS_MAX = MAX_TIMESTAMP_MS / 1000;

/** Epoch ms of text[start, end), or NaN when it is not a timestamp by the rule (grammar or range). */
export function timestampOfText(text: string, start: number, end: number): number {
  const ms = isDecimalAt(text, start, end) ? Number(text.slice(start, end)) : isoMsAt(text, start, end);
  return isInRange(ms) ? ms : Number.NaN;
}

/** Epoch ms of a JSON number or string by the rule, or NaN. */
export function timestampOf(value: unknown): number {
  if (typeof value === 'number') return isInRange(value) ? value : Number.NaN;
  if (typeof value === 'string') return timestampOfText(value, 0, value.length);
  return Number.NaN;
}

function isInRange(ms: number): boolean {
  return ms >= MIN_TIMESTAMP_MS && ms < MAX_TIMESTAMP_MS;
}

/** Why value is not a timestamp, in words (only called for rejects). */
export function timestampProblem(value: unknown): string | undefined {
  if (value === undefined) return 'is missing';
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string') {
    if (isDecimalAt(value, 0, value.length)) ms = Number(value);
    else {
      ms = isoMsAt(value, 0, value.length);
      if (Number.isNaN(ms)) return `must be ${SHORT_RULE}`;
    }
  } else return `must be ${SHORT_RULE}, not ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}`;
  if (!Number.isFinite(ms)) return `must be a finite number of epoch milliseconds`;
  if (ms >= EPOCH_SECONDS_MIN && ms < EPOCH_SECONDS_MAX) return 'is before 1990-01-01 as epoch milliseconds (epoch seconds? multiply by 1000)';
  if (ms < MIN_TIMESTAMP_MS) return 'is before 1990-01-01, the earliest accepted time';
  if (ms >= MAX_TIMESTAMP_MS) return 'is after 2100-01-01, the latest accepted time';
  return undefined;
}

/** Input-file timestamps: the rule above, as a zod schema producing epoch ms. */
export const TimestampSchema = z.unknown().transform((value, ctx) => {
  const ms = timestampOf(value);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: timestampProblem(value) ?? `must be ${SHORT_RULE}` });
    return z.NEVER;
  }
  return ms;
});

/** -?digits(.digits)? exactly, no spaces. */
function isDecimalAt(text: string, start: number, end: number): boolean {
  let i = start;
  if (i < end && text.charCodeAt(i) === 45) i++;
  const digitsStart = i;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  if (i === digitsStart) return false;
  if (i === end) return true;
  if (text.charCodeAt(i) !== 46) return false;
  const fractionStart = ++i;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  return i === end && i > fractionStart;
}

/**
 * YYYY-MM-DD[(T|t| )HH:MM[:SS[(.|,)f…]][Z|z|±HH[:]MM|±HH]] → epoch ms (UTC when no zone), NaN otherwise.
 * Fields are range-checked (month 1–12, the month's days, 00:00–23:59:59); fractions are cut to milliseconds.
 */
function isoMsAt(text: string, start: number, end: number): number {
  const length = end - start;
  if (length < 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return Number.NaN;
  const year = digitsAt(text, start, 4);
  const month = digitsAt(text, start + 5, 2);
  const day = digitsAt(text, start + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  let ms = daysFromCivil(year, month, day) * MS_PER_DAY;
  if (length === 10) return ms;
  let i = start + 10;
  const separator = text.charCodeAt(i);
  if ((separator !== 84 && separator !== 116 && separator !== 32) || end - i < 6 || text.charCodeAt(i + 3) !== 58) return Number.NaN;
  const hour = digitsAt(text, i + 1, 2);
  const minute = digitsAt(text, i + 4, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return Number.NaN;
  ms += hour * 3_600_000 + minute * MS_PER_MINUTE;
  i += 6;
  if (i < end && text.charCodeAt(i) === 58) {
    const second = end - i >= 3 ? digitsAt(text, i + 1, 2) : -1;
    if (second < 0 || second > 59) return Number.NaN;
    ms += second * 1000;
    i += 3;
    const mark = text.charCodeAt(i);
    if (i < end && (mark === 46 || mark === 44)) {
      i++;
      const fractionStart = i;
      let millis = 0;
      while (i < end && isDigit(text.charCodeAt(i))) {
        if (i - fractionStart < 3) millis = millis * 10 + (text.charCodeAt(i) - 48);
        i++;
      }
      const digits = i - fractionStart;
      if (digits === 0 || digits > 9) return Number.NaN;
      for (let d = digits; d < 3; d++) millis *= 10;
      ms += millis;
    }
  }
  if (i === end) return ms;
  const zone = text.charCodeAt(i);
  if (zone === 90 || zone === 122) return i + 1 === end ? ms : Number.NaN;
  if (zone !== 43 && zone !== 45) return Number.NaN;
  const sign = zone === 43 ? 1 : -1;
  const zoneHour = end - i >= 3 ? digitsAt(text, i + 1, 2) : -1;
  let zoneMinute = 0;
  const rest = end - (i + 3);
  if (rest === 3 && text.charCodeAt(i + 3) === 58) zoneMinute = digitsAt(text, i + 4, 2);
  else if (rest === 2) zoneMinute = digitsAt(text, i + 3, 2);
  else if (rest !== 0) return Number.NaN;
  if (zoneHour < 0 || zoneHour > 23 || zoneMinute < 0 || zoneMinute > 59) return Number.NaN;
  return ms - sign * (zoneHour * 60 + zoneMinute) * MS_PER_MINUTE;
}

/** The count-digit decimal at text[at…], or -1 if any of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const c = text.charCodeAt(at + k);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 48);
  }
  return value;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); no Date.UTC 0–99 quirk. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
