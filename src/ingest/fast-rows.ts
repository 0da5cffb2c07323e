// The NDJSON fast path: scan a line in place and add the row straight to the builder when it has the common
// shape and passes the schema's rules. It only ever accepts; any doubt returns false and the caller runs
// JSON.parse + zod, which decide (equivalence is property-tested in test/ingest/fast-path.test.ts).
import { MAX_ID_LENGTH } from '../schema/id-rule.js';
import { MAX_COUNTRY_LENGTH, type DatasetFileKind } from '../schema/input.js';
import { MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, timestampOfText } from '../schema/timestamp-rule.js';
import type { DatasetBuilder } from './dataset-builder.js';
import { FlatJsonScanner, ABSENT, NUMBER, STRING } from './flat-json-scanner.js';
import type { TextRange } from './string-index.js';

/** Accepts text[start, end) into the builder, or returns false to defer to the full validation. */
export type FastRowReader = (text: string, start: number, end: number, lineNo: number) => boolean;

/**
 * An id the shared rule accepts: 1..512 chars, printable ASCII at either end (other edge characters defer to
 * zod rather than replicate \s); the scanner has already deferred strings holding control characters.
 */
function isPlainId(range: TextRange): boolean {
  const length = range.end - range.start;
  if (length < 1 || length > MAX_ID_LENGTH) return false;
  const first = range.text.charCodeAt(range.start);
  const last = range.text.charCodeAt(range.end - 1);
  return first > 32 && first < 127 && last > 32 && last < 127;
}

/** The shared timestamp rule on a scanned field, read in place; NaN defers to zod. */
function timestampOf(scanner: FlatJsonScanner, field: number): number {
  const kind = scanner.kinds[field];
  if (kind === NUMBER) {
    const value = scanner.numbers[field]!;
    return value >= MIN_TIMESTAMP_MS && value < MAX_TIMESTAMP_MS ? value : Number.NaN;
  }
  if (kind !== STRING) return Number.NaN;
  const range = scanner.ranges[field]!;
  return timestampOfText(range.text, range.start, range.end);
}

/** An optional plain string field: undefined when absent, null when zod must decide. */
function optionalStringOf(scanner: FlatJsonScanner, field: number, maxLength: number): string | undefined | null {
  const kind = scanner.kinds[field];
  if (kind === ABSENT) return undefined;
  if (kind !== STRING) return null;
  const range = scanner.ranges[field]!;
  return range.end - range.start > maxLength ? null : range.text.slice(range.start, range.end);
}

function isText(range: TextRange, expected: string): boolean {
  return range.end - range.start === expected.length && range.text.startsWith(expected, range.start);
}

export function fastRowReader(kind: DatasetFileKind, builder: DatasetBuilder): FastRowReader {
  switch (kind) {
    case 'accounts': {
      const scanner = new FlatJsonScanner(['id', 'createdAt', 'country']);
      const [id] = scanner.ranges as [TextRange];
      return (text, start, end, lineNo) => {
        if (!scanner.scan(text, start, end) || scanner.kinds[0] !== STRING || !isPlainId(id)) return false;
        const createdAtMs = timestampOf(scanner, 1);
        const country = optionalStringOf(scanner, 2, MAX_COUNTRY_LENGTH);
        if (Number.isNaN(createdAtMs) || country === null) return false;
        // a duplicate id defers too: the full path reports it with the line of the first declaration
        return builder.declareAccount(id, createdAtMs, country, lineNo);
      };
    }
    case 'links': {
      const scanner = new FlatJsonScanner(['account', 'type', 'value', 'ts']);
      const [account, type, value] = scanner.ranges as [TextRange, TextRange, TextRange];
      const kinds = scanner.kinds;
      return (text, start, end) => {
        if (!scanner.scan(text, start, end) || kinds[0] !== STRING || kinds[1] !== STRING || kinds[2] !== STRING) return false;
        if (!isPlainId(account) || !isPlainId(type) || !isPlainId(value)) return false;
        if (kinds[3] !== ABSENT && Number.isNaN(timestampOf(scanner, 3))) return false;
        builder.addLink(account, type, value);
        return true;
      };
    }
    case 'actions': {
      const scanner = new FlatJsonScanner(['account', 'action', 'target', 'ts']);
      const [account, action, target] = scanner.ranges as [TextRange, TextRange, TextRange];
      const kinds = scanner.kinds;
      return (text, start, end) => {
        if (!scanner.scan(text, start, end) || kinds[0] !== STRING || kinds[1] !== STRING || kinds[2] !== STRING) return false;
        if (!isPlainId(account) || !isPlainId(action) || !isPlainId(target)) return false;
        const tsMs = timestampOf(scanner, 3);
        if (Number.isNaN(tsMs)) return false;
        builder.addAction(account, action, target, tsMs);
        return true;
      };
    }
    case 'labels': {
      const scanner = new FlatJsonScanner(['account', 'label']);
      const [account, label] = scanner.ranges as [TextRange, TextRange];
      const kinds = scanner.kinds;
      return (text, start, end) => {
        if (!scanner.scan(text, start, end) || kinds[0] !== STRING || kinds[1] !== STRING || !isPlainId(account)) return false;
        const isFraud = isText(label, 'fraud');
        if (!isFraud && !isText(label, 'benign')) return false;
        builder.addLabel(account, isFraud);
        return true;
      };
    }
  }
}
