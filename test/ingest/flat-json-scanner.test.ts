// FlatJsonScanner: whenever it claims a line, the fields it records are exactly what JSON.parse returns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABSENT, FlatJsonScanner, LITERAL, NUMBER, STRING } from '../../src/ingest/flat-json-scanner.js';
import { hashRange } from '../../src/ingest/string-index.js';

const NAMES = ['account', 'ts', 'value'] as const;

/** What the scanner recorded, as the JSON.parse-equivalent value (LITERAL is reported as a marker). */
function scanned(line: string): Record<string, unknown> | null {
  const scanner = new FlatJsonScanner(NAMES);
  const padded = `##${line}##`; // scanning a range inside a larger text, as the reader does
  if (!scanner.scan(padded, 2, padded.length - 2)) return null;
  const out: Record<string, unknown> = {};
  NAMES.forEach((name, f) => {
    const kind = scanner.kinds[f];
    if (kind === STRING) {
      const range = scanner.ranges[f]!;
      out[name] = padded.slice(range.start, range.end);
      expect(range.hash).toBe(hashRange(padded, range.start, range.end));
    } else if (kind === NUMBER) out[name] = scanner.numbers[f];
    else if (kind === LITERAL) out[name] = 'LITERAL';
    else expect(kind).toBe(ABSENT);
  });
  return out;
}

function expectedFrom(line: string): Record<string, unknown> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const out: Record<string, unknown> = {};
  for (const name of NAMES) {
    if (!Object.hasOwn(parsed, name)) continue;
    const value = (parsed as Record<string, unknown>)[name];
    out[name] = typeof value === 'boolean' || value === null ? 'LITERAL' : value;
  }
  return out;
}

const keyArb = fc.constantFrom('account', 'ts', 'value', 'other', '__proto__', 'Account', '');
const valueArb = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.double(),
  fc.integer(),
  fc.constantFrom(true, false, null, 1e21, -0, 12345678901234567890, 0.1),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 2 }), fc.integer(), { maxKeys: 1 }),
);
const spaceArb = fc.constantFrom('', ' ', '\t', ' \r ');

/** A JSON object line with optional whitespace, or a broken copy of one. */
const lineArb = fc
  .tuple(fc.array(fc.tuple(keyArb, valueArb, spaceArb), { maxLength: 5 }), spaceArb, fc.option(fc.tuple(fc.nat(), fc.constantFrom('', '"', '}', ',', '\\', 'x', '\u0001', ' '))))
  .map(([entries, space, mutation]) => {
    const body = entries.map(([key, value, sp]) => `${sp}${JSON.stringify(key)}${sp}:${sp}${JSON.stringify(value) ?? 'null'}`).join(',');
    const line = `${space}{${body}}${space}`;
    if (mutation === null) return line;
    const [at, insert] = mutation;
    const cut = at % (line.length + 1);
    return line.slice(0, cut) + insert + line.slice(cut + (insert === '' ? 1 : 0));
  });

describe('FlatJsonScanner', () => {
  it('reads strings, numbers, literals and ignores other keys', () => {
    expect(scanned('{"account":"a1","other":[1],"ts":-12.5e1,"value":true}')).toBeNull(); // nested value: defer
    expect(scanned(' { "account" : "a1" , "other" : null , "ts" : -12.5e1 , "value" : true } ')).toEqual({ account: 'a1', ts: -125, value: 'LITERAL' });
  });

  it('keeps the last of a repeated key, as JSON.parse does', () => {
    expect(scanned('{"ts":1,"ts":"x"}')).toEqual({ ts: 'x' });
  });

  it('defers on escapes, control characters, bad numbers and trailing garbage', () => {
    for (const line of ['{"account":"a\\"b"}', '{"account":"a\u0001"}', '{"ts":01}', '{"ts":1.}', '{"ts":-}', '{"ts":1} x', '{"ts":1,}', '{"ts" 1}', '[1]', '', '{"a\\u0041":1}']) {
      expect(scanned(line), line).toBeNull();
    }
  });

  it('reads large and fractional numbers exactly as JSON.parse', () => {
    for (const text of ['9007199254740993', '123456789012345678901234', '1e400', '-0', '0.30000000000000004', '1E-7']) {
      expect(Object.is(scanned(`{"ts":${text}}`)?.ts, JSON.parse(text)), text).toBe(true);
    }
  });

  it('never disagrees with JSON.parse when it accepts a line (property)', () => {
    fc.assert(
      fc.property(lineArb, (line) => {
        const got = scanned(line);
        if (got === null) return; // deferred: JSON.parse will decide
        const expected = expectedFrom(line);
        expect(expected).not.toBeNull();
        expect(Object.keys(got).sort()).toEqual(Object.keys(expected!).sort());
        for (const key of Object.keys(got)) expect(Object.is(got[key], expected![key]) || got[key] === expected![key], `${line} ${key}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never reads past the end of its range (every prefix of a line scans as that prefix alone)', () => {
    const scanner = new FlatJsonScanner(NAMES);
    fc.assert(
      fc.property(lineArb, (line) => {
        for (let cut = 0; cut <= line.length; cut++) {
          const prefix = line.slice(0, cut);
          expect(scanner.scan(line, 0, cut), prefix).toBe(scanner.scan(prefix, 0, cut));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts the plain rows a generator writes', () => {
    const line = JSON.stringify({ account: 'u6ccpzcx', action: 'like', target: 'p_c7143dde', ts: 1769033185491 });
    expect(scanned(line)).toEqual({ account: 'u6ccpzcx', ts: 1769033185491 });
  });
});
