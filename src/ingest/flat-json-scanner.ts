// Scans one NDJSON line that is a flat JSON object (string values without escapes, numbers, true/false/null)
// in place, recording where each wanted field's value is, with no allocation. Anything else (escapes, nesting,
// bad syntax) returns false and the caller falls back to JSON.parse, which decides. String values holding
// characters the id rule may refuse (controls, surrogates, U+2028/9) defer too, so the fast path never has to.
import { isSuspectIdChar } from '../schema/id-rule.js';
import { HASH_PRIME, HASH_SEED, newRange, type TextRange } from './string-index.js';

export const ABSENT = 0;
export const STRING = 1;
export const NUMBER = 2;
/** true, false or null. */
export const LITERAL = 3;

/** Longest digit run summed exactly in a double (10^15 < 2^53); longer numbers go through Number(). */
const MAX_EXACT_DIGITS = 15;

export class FlatJsonScanner {
  /** Per wanted field: ABSENT, STRING, NUMBER or LITERAL; a repeated key keeps its last value, as JSON.parse does. */
  readonly kinds: Uint8Array;
  /** Per wanted field: where a STRING value is, with its hash. */
  readonly ranges: TextRange[];
  /** Per wanted field: a NUMBER value. */
  readonly numbers: Float64Array;

  constructor(private readonly names: readonly string[]) {
    this.kinds = new Uint8Array(names.length);
    this.ranges = names.map(() => newRange());
    this.numbers = new Float64Array(names.length);
  }

  /** true when text[start, end) is one flat JSON object this scanner can read exactly as JSON.parse would. */
  scan(text: string, start: number, end: number): boolean {
    const kinds = this.kinds;
    for (let f = 0; f < kinds.length; f++) kinds[f] = ABSENT;
    let i = start;
    let c = text.charCodeAt(i);
    if (isSpace(c)) {
      i = skipSpace(text, i, end);
      c = text.charCodeAt(i);
    }
    if (i >= end || c !== 123) return false; // {
    i++;
    c = text.charCodeAt(i);
    if (isSpace(c)) {
      i = skipSpace(text, i, end);
      c = text.charCodeAt(i);
    }
    if (c === 125 && i < end) return skipSpace(text, i + 1, end) === end; // {}
    for (;;) {
      if (i >= end || c !== 34) return false;
      const keyStart = i + 1;
      const field = this.knownKeyAt(text, keyStart, end);
      let k: number;
      if (field >= 0) k = keyStart + this.names[field]!.length;
      else {
        k = keyStart;
        for (;;) {
          if (k >= end) return false;
          const ch = text.charCodeAt(k);
          if (ch === 34) break;
          if (ch === 92 || ch < 32) return false;
          k++;
        }
      }
      i = k + 1;
      c = text.charCodeAt(i);
      if (isSpace(c)) {
        i = skipSpace(text, i, end);
        c = text.charCodeAt(i);
      }
      if (i >= end || c !== 58) return false; // :
      i++;
      c = text.charCodeAt(i);
      if (isSpace(c)) {
        i = skipSpace(text, i, end);
        c = text.charCodeAt(i);
      }
      if (i >= end) return false;
      if (c === 34) {
        const valueStart = i + 1;
        let j = valueStart;
        let hash = HASH_SEED;
        for (;;) {
          if (j >= end) return false;
          const ch = text.charCodeAt(j);
          if (ch === 34) break;
          if (ch === 92 || ch < 32 || (ch >= 0x7f && isSuspectIdChar(ch))) return false;
          hash = Math.imul(hash ^ ch, HASH_PRIME);
          j++;
        }
        if (field >= 0) {
          kinds[field] = STRING;
          const range = this.ranges[field]!;
          range.text = text;
          range.start = valueStart;
          range.end = j;
          range.hash = hash;
        }
        i = j + 1;
      } else if (c === 45 || (c >= 48 && c <= 57)) {
        i = this.scanNumber(text, i, end, field);
        if (i < 0) return false;
      } else {
        const literalEnd = literalEndAt(text, i, end);
        if (literalEnd < 0) return false;
        if (field >= 0) kinds[field] = LITERAL;
        i = literalEnd;
      }
      c = text.charCodeAt(i);
      if (isSpace(c)) {
        i = skipSpace(text, i, end);
        c = text.charCodeAt(i);
      }
      if (i >= end) return false;
      if (c === 44) {
        i++;
        c = text.charCodeAt(i);
        if (isSpace(c)) {
          i = skipSpace(text, i, end);
          c = text.charCodeAt(i);
        }
        continue;
      }
      if (c === 125) return skipSpace(text, i + 1, end) === end;
      return false;
    }
  }

  /** Reads a JSON number at i (grammar checked); returns the index after it, or -1. */
  private scanNumber(text: string, i: number, end: number, field: number): number {
    const numberStart = i;
    const isNegative = text.charCodeAt(i) === 45;
    if (isNegative) i++;
    const digitsStart = i;
    if (i >= end) return -1;
    const first = text.charCodeAt(i);
    if (first === 48) i++;
    else if (first >= 49 && first <= 57) {
      while (i < end && isDigit(text.charCodeAt(i))) i++;
    } else return -1;
    const digitsEnd = i;
    let isInteger = true;
    if (i < end && text.charCodeAt(i) === 46) {
      isInteger = false;
      i++;
      const fractionStart = i;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
      if (i === fractionStart) return -1;
    }
    if (i < end && (text.charCodeAt(i) | 32) === 101) {
      isInteger = false;
      i++;
      if (i < end && (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45)) i++;
      const exponentStart = i;
      while (i < end && isDigit(text.charCodeAt(i))) i++;
      if (i === exponentStart) return -1;
    }
    if (field >= 0) {
      let value: number;
      if (isInteger && digitsEnd - digitsStart <= MAX_EXACT_DIGITS) {
        value = 0;
        for (let d = digitsStart; d < digitsEnd; d++) value = value * 10 + (text.charCodeAt(d) - 48);
        if (isNegative) value = -value;
      } else value = Number(text.slice(numberStart, i)); // correctly rounded, like JSON.parse
      this.kinds[field] = NUMBER;
      this.numbers[field] = value;
    }
    return i;
  }

  /** The wanted field whose name, then a closing quote, starts at keyStart; -1 for any other key. */
  private knownKeyAt(text: string, keyStart: number, end: number): number {
    const names = this.names;
    for (let f = 0; f < names.length; f++) {
      const name = names[f]!;
      const length = name.length;
      if (keyStart + length >= end || text.charCodeAt(keyStart + length) !== 34) continue;
      let i = 0;
      while (i < length && name.charCodeAt(i) === text.charCodeAt(keyStart + i)) i++;
      if (i === length) return f;
    }
    return -1;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/** JSON whitespace: space, tab, CR, LF. */
function skipSpace(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
    i++;
  }
  return i;
}

function literalEndAt(text: string, i: number, end: number): number {
  for (const literal of LITERALS) {
    if (end - i >= literal.length && text.startsWith(literal, i)) return i + literal.length;
  }
  return -1;
}
const LITERALS = ['true', 'false', 'null'] as const;
