// Streams one dataset file (plain or gzip, NDJSON or CSV) and hands each row to the caller as a plain object,
// or as an invalid row with a reason. Only one chunk and one partial line are in memory at a time.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { RingscanError } from '../schema/errors.js';
import { REQUIRED_COLUMNS } from '../schema/input.js';
import { CsvRecordAssembler } from './csv-records.js';
import { systemReason, type DatasetFile } from './dataset-files.js';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, type LineHandlers } from './line-splitter.js';

export interface RowHandlers {
  /** NDJSON only: try the in-place fast path on text[start, end); true when it accepted the row. */
  fast?(text: string, start: number, end: number, lineNo: number): boolean;
  /** A parsed row (JSON value, or CSV fields keyed by the header) starting on physical line lineNo. */
  row(raw: unknown, lineNo: number, text: string): void;
  invalid(reason: string, lineNo: number, text: string): void;
}

export interface ReadRowsOptions {
  /** Read chunk size in bytes; tests use tiny values to split lines and characters across chunks. */
  highWaterMark?: number;
  maxLineBytes?: number;
  /** Called after each chunk with the compressed bytes read so far; awaited (backpressure). */
  afterChunk?: (bytesRead: number) => void | Promise<void>;
  /** Only bytes [start, end) of a plain file, cut at newlines (a piece read in parallel); line numbers restart at 1. */
  range?: ByteRange;
}

export interface ByteRange {
  start: number;
  end: number;
}

export const DEFAULT_CHUNK_BYTES = 1024 * 1024;
const ZLIB_MIN_CHUNK = 64;

/** Returns the number of physical lines read. */
export async function readRows(file: DatasetFile, handlers: RowHandlers, options: ReadRowsOptions = {}): Promise<number> {
  const chunkBytes = options.highWaterMark ?? DEFAULT_CHUNK_BYTES;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const overlongReason = `line longer than ${maxLineBytes} bytes`;
  const lines = file.format === 'csv' ? csvLineHandlers(file, handlers, overlongReason) : ndjsonLineHandlers(handlers, overlongReason);
  const range = options.range;
  if (range !== undefined && (file.isGzip || file.format === 'csv')) throw new Error('only plain NDJSON files are read in pieces');
  const splitter = new LineSplitter(lines, maxLineBytes, range === undefined || range.start === 0);
  if (range !== undefined && range.end <= range.start) return 0;
  const source = createReadStream(file.path, { highWaterMark: chunkBytes, ...(range === undefined ? {} : { start: range.start, end: range.end - 1 }) });
  let input: AsyncIterable<Buffer> = source;
  if (file.isGzip) {
    const gunzip = createGunzip({ chunkSize: Math.max(ZLIB_MIN_CHUNK, chunkBytes) });
    // pipeline forwards a read error on the file into the gunzip stream we iterate
    pipeline(source, gunzip, () => {});
    input = gunzip;
  }
  try {
    for await (const chunk of input) {
      splitter.push(chunk);
      await options.afterChunk?.(source.bytesRead);
    }
    splitter.end();
    lines.end();
    return splitter.linesSeen;
  } catch (error) {
    source.destroy();
    if (isSystemError(error)) throw new RingscanError('UNREADABLE_FILE', `cannot read ${file.path}: ${systemReason(error)}`);
    throw error;
  }
}

function isSystemError(error: unknown): boolean {
  return error instanceof Error && !(error instanceof RingscanError) && typeof (error as NodeJS.ErrnoException).code === 'string';
}

type FileLineHandlers = LineHandlers & { end(): void };

function ndjsonLineHandlers(handlers: RowHandlers, overlongReason: string): FileLineHandlers {
  return {
    line(text, start, end, lineNo) {
      if (start === end) return; // blank: skipped, not counted
      if (handlers.fast?.(text, start, end, lineNo)) return;
      const line = text.slice(start, end);
      if (line.charCodeAt(0) <= 32 && line.trim() === '') return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (error) {
        handlers.invalid(`malformed JSON: ${(error as Error).message}`, lineNo, line);
        return;
      }
      handlers.row(raw, lineNo, line);
    },
    overlong(lineNo, head) {
      handlers.invalid(overlongReason, lineNo, head);
    },
    end() {},
  };
}

function csvLineHandlers(file: DatasetFile, handlers: RowHandlers, overlongReason: string): FileLineHandlers {
  let header: string[] | null = null;
  const assembler = new CsvRecordAssembler({
    record(fields, lineNo, raw) {
      if (header === null) {
        header = fields.map((name) => name.trim());
        assertRequiredColumns(file, header);
        return;
      }
      if (fields.length !== header.length) {
        handlers.invalid(`row has ${fields.length} fields, the header has ${header.length}`, lineNo, raw);
        return;
      }
      // an empty cell is an absent value, so optional columns may be left blank
      const row: Record<string, string> = {};
      for (let i = 0; i < fields.length; i++) {
        const value = fields[i]!;
        const name = header[i]!;
        if (value !== '' && name !== '') row[name] = value;
      }
      handlers.row(row, lineNo, raw);
    },
    invalid(reason, lineNo, raw) {
      handlers.invalid(reason, lineNo, raw);
    },
  });
  return {
    line: (text, start, end, lineNo) => assembler.line(text.slice(start, end), lineNo),
    overlong: (lineNo, head) => assembler.overlong(lineNo, head, overlongReason),
    end: () => assembler.end(),
  };
}

/** A header without a required column would reject every row for the same reason: say it once, and stop. */
function assertRequiredColumns(file: DatasetFile, header: readonly string[]): void {
  const missing = REQUIRED_COLUMNS[file.kind].filter((name) => !header.includes(name));
  if (missing.length === 0) return;
  const columns = missing.length === 1 ? `column ${missing[0]}` : `columns ${missing.join(', ')}`;
  const has = header.filter((name) => name !== '').join(', ');
  throw new RingscanError('BAD_INPUT', `${file.name}: the header has no ${columns} (it has: ${has || 'nothing'}; ${file.kind} needs ${REQUIRED_COLUMNS[file.kind].join(', ')})`);
}
