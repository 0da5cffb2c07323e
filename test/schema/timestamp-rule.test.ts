// The timestamp rule: ISO-8601 (zone or UTC) or epoch ms from 1990 to 2100; everything else is refused with a reason.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, timestampOf, timestampOfText, timestampProblem } from '../../src/schema/timestamp-rule.js';

describe('timestamp rule', () => {
  it('reads ISO-8601 dates and date-times, with or without a zone (none means UTC)', () => {
    expect(timestampOf('2024-01-01')).toBe(Date.UTC(2024, 0, 1));
    expect(timestampOf('2024-01-01T10:20')).toBe(Date.UTC(2024, 0, 1, 10, 20));
    expect(timestampOf('2024-01-01T10:20:30')).toBe(Date.UTC(2024, 0, 1, 10, 20, 30));
    expect(timestampOf('2024-01-01 10:20:30.5Z')).toBe(Date.UTC(2024, 0, 1, 10, 20, 30, 500));
    expect(timestampOf('2024-01-01T10:20:30,123456z')).toBe(Date.UTC(2024, 0, 1, 10, 20, 30, 123));
    expect(timestampOf('2024-01-01T10:20:30+02:00')).toBe(Date.UTC(2024, 0, 1, 8, 20, 30));
    expect(timestampOf('2024-01-01T10:20:30-0130')).toBe(Date.UTC(2024, 0, 1, 11, 50, 30));
    expect(timestampOf('2024-01-01T10:20:30+05')).toBe(Date.UTC(2024, 0, 1, 5, 20, 30));
    expect(timestampOf('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('reads epoch milliseconds as numbers or digit strings', () => {
    expect(timestampOf(1704067200000)).toBe(1704067200000);
    expect(timestampOf('1704067200000')).toBe(1704067200000);
    expect(timestampOf('1704067200000.5')).toBe(1704067200000.5);
  });

  it('refuses what Date.parse would guess at, and says why', () => {
    const cases: [unknown, RegExp][] = [
      ['hello 2020', /must be an ISO-8601 date-time/],
      ['Tuesday 99', /must be an ISO-8601 date-time/],
      ['2024-02-30', /must be an ISO-8601/],
      ['2023-02-29T00:00:00Z', /must be an ISO-8601/],
      ['2024-13-01', /must be an ISO-8601/],
      ['2024-01-01T24:00:00Z', /must be an ISO-8601/],
      ['2024-01-01T10:60', /must be an ISO-8601/],
      ['2024-01-01Z', /must be an ISO-8601/],
      [' 2024-01-01', /must be an ISO-8601/],
      ['1704067200000 ', /must be an ISO-8601/],
      ['Mon, 01 Jan 2024 00:00:00 GMT', /must be an ISO-8601/],
      [1e300, /after 2100-01-01/],
      [-1, /before 1990-01-01/],
      ['-1', /before 1990-01-01/],
      [0, /before 1990-01-01/],
      [1704067200, /epoch seconds\? multiply by 1000/],
      ['0099-01-01', /before 1990-01-01/],
      ['275760-09-13', /must be an ISO-8601/],
      ['2100-01-01T00:00:00Z', /after 2100-01-01/],
      [Number.NaN, /finite number/],
      [Number.POSITIVE_INFINITY, /finite number/],
      [true, /not a boolean/],
      [null, /not null/],
      [undefined, /is missing/],
    ];
    for (const [value, reason] of cases) {
      expect(timestampOf(value), String(value)).toBeNaN();
      expect(timestampProblem(value), String(value)).toMatch(reason);
    }
  });

  it('agrees with Date.parse on every well-formed zoned ISO string in range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TIMESTAMP_MS, max: MAX_TIMESTAMP_MS - 1 }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (ms, offsetMinutes) => {
        const utc = new Date(ms).toISOString();
        expect(timestampOf(utc)).toBe(ms);
        const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
        expect(timestampOf(local + zone)).toBe(ms);
        expect(timestampOf(local + zone)).toBe(Date.parse(local + zone));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a range of a larger text in place', () => {
    const text = 'xx"2024-01-01T00:00:00Z"yy';
    expect(timestampOfText(text, 3, 23)).toBe(Date.UTC(2024, 0, 1));
    expect(timestampOfText(text, 3, 22)).toBe(Date.UTC(2024, 0, 1));
    expect(timestampOfText(text, 3, 21)).toBeNaN();
  });

  it('accepts exactly when it finds no problem (property)', () => {
    const valueArb = fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 30 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(Number.isNaN(timestampOf(value))).toBe(timestampProblem(value) !== undefined);
      }),
      { numRuns: 3000 },
    );
  });
});
