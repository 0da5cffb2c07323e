// Reads one dataset file into a DatasetBuilder, sending each invalid row to a rejects target; shared by the
// main thread and the actions worker, so both validate and count rows the same way.
import { stat } from 'node:fs/promises';
import { RingscanError } from '../schema/errors.js';
import type { FileCounts } from '../schema/findings.js';
import type { DatasetFileKind } from '../schema/input.js';
import type { DatasetBuilder } from './dataset-builder.js';
import { systemReason, type DatasetFile } from './dataset-files.js';
import { fastRowReader } from './fast-rows.js';
import { readRows, type ByteRange } from './read-rows.js';
import { fastAccount, fastAction, fastLabel, fastLink, ZOD_VALIDATORS } from './validate-record.js';

export interface IngestProgress {
  /** File name inside the dataset folder. */
  file: string;
  /** Rows read so far in this file (accepted + rejected). */
  rows: number;
  /** Bytes read from disk so far in this file (compressed bytes for .gz). */
  bytes: number;
}

/** Where rejected rows go: the RejectsSink on the main thread, a collector in a parse worker. */
export interface RejectTarget {
  add(file: string, line: number, reason: string, raw: string): void;
  /** A second declaration of an account: the builder's id for it says where the first one was. */
  addDuplicateAccount(file: string, line: number, account: number, firstLine: number, raw: string): void;
  drain(): Promise<void>;
}

export interface LoadFileOptions {
  onProgress?: (progress: IngestProgress) => void;
  highWaterMark?: number;
  maxLineBytes?: number;
  fastPath?: boolean;
  /** Read only this piece of a plain NDJSON file; line numbers then count from the piece's start. */
  range?: ByteRange;
}

export interface LoadedFile {
  counts: FileCounts;
  /** Physical lines read, blank ones included: a piece's line numbers start after the earlier pieces' lines. */
  lines: number;
}


export const PROGRESS_EVERY_ROWS = 100_000;

export async function loadFile(file: DatasetFile, builder: DatasetBuilder, rejects: RejectTarget, options: LoadFileOptions): Promise<LoadedFile> {
  const counts: FileCounts = { read: 0, accepted: 0, rejected: 0 };
  const isFast = options.fastPath !== false;
  const accept = acceptorFor(file.kind, builder, isFast, (lineNo, account, firstLine, text) => {
    counts.read++;
    counts.rejected++;
    rejects.addDuplicateAccount(file.name, lineNo, account, firstLine, text);
  });
  const fastRow = isFast && file.format === 'ndjson' ? fastRowReader(file.kind, builder) : undefined;
  const reject = (reason: string, lineNo: number, text: string): void => {
    counts.read++;
    counts.rejected++;
    rejects.add(file.name, lineNo, reason, text);
  };
  let reportedRows = 0;
  const progress = options.onProgress;
  const range = options.range;
  const fileSize = range === undefined ? await fileSizeOf(file) : range.end - range.start;
  let isFirstChunk = true;
  const lines = await readRows(
    file,
    {
      ...(fastRow === undefined
        ? {}
        : {
            fast(text: string, start: number, end: number, lineNo: number): boolean {
              if (!fastRow(text, start, end, lineNo)) return false;
              counts.read++;
              counts.accepted++;
              return true;
            },
          }),
      row(raw, lineNo, text) {
        const reason = accept(raw, lineNo, text);
        if (reason === undefined) {
          counts.read++;
          counts.accepted++;
        } else if (reason !== DUPLICATE) reject(reason, lineNo, text);
      },
      invalid: reject,
    },
    {
      ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
      ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
      ...(range === undefined ? {} : { range }),
      afterChunk: async (bytes) => {
        if (isFirstChunk) {
          isFirstChunk = false;
          reserveFromFirstChunk(file, builder, counts.read, bytes, fileSize);
        }
        if (progress && counts.read - reportedRows >= PROGRESS_EVERY_ROWS) {
          reportedRows = counts.read;
          progress({ file: file.name, rows: counts.read, bytes });
        }
        await rejects.drain();
      },
    },
  );
  progress?.({ file: file.name, rows: counts.read, bytes: fileSize });
  return { counts, lines };
}

export async function fileSizeOf(file: DatasetFile): Promise<number> {
  try {
    return (await stat(file.path)).size;
  } catch (error) {
    throw new RingscanError('UNREADABLE_FILE', `cannot read ${file.path}: ${systemReason(error)}`);
  }
}

/**
 * Estimates the file's rows from its first chunk and sizes the id tables once, instead of rehashing them
 * through every doubling. Skipped for gzip (compressed size says little) and files read in one chunk.
 */
function reserveFromFirstChunk(file: DatasetFile, builder: DatasetBuilder, rows: number, bytes: number, fileSize: number): void {
  if (file.isGzip || bytes >= fileSize || rows === 0) return;
  const estimatedRows = Math.ceil((rows / bytes) * fileSize);
  // one account per accounts row; entities are re-used, so about one per two links is a middle guess
  if (file.kind === 'accounts') builder.reserve({ accounts: estimatedRows });
  if (file.kind === 'links') builder.reserve({ entities: Math.ceil(estimatedRows / 2) });
}

/** The acceptor's answer for a duplicate account: already reported through onDuplicate. */
const DUPLICATE = '';

type OnDuplicate = (lineNo: number, account: number, firstLine: number, text: string) => void;

/** Validates a parsed row of one file kind and adds it; returns the reject reason, DUPLICATE, or undefined. */
function acceptorFor(kind: DatasetFileKind, builder: DatasetBuilder, isFast: boolean, onDuplicate: OnDuplicate): (raw: unknown, lineNo: number, text: string) => string | undefined {
  switch (kind) {
    case 'accounts':
      return (raw, lineNo, text) => {
        const row = (isFast ? fastAccount(raw) : undefined) ?? ZOD_VALIDATORS.accounts(raw);
        if (typeof row === 'string') return row;
        const existing = builder.addAccountRow(row, lineNo);
        if (existing === -1) return undefined;
        onDuplicate(lineNo, existing, builder.declaredLineOf(existing), text);
        return DUPLICATE;
      };
    case 'links':
      return (raw) => {
        const row = (isFast ? fastLink(raw) : undefined) ?? ZOD_VALIDATORS.links(raw);
        if (typeof row === 'string') return row;
        builder.addLinkRow(row);
        return undefined;
      };
    case 'actions':
      return (raw) => {
        const row = (isFast ? fastAction(raw) : undefined) ?? ZOD_VALIDATORS.actions(raw);
        if (typeof row === 'string') return row;
        builder.addActionRow(row);
        return undefined;
      };
    case 'labels':
      return (raw) => {
        const row = (isFast ? fastLabel(raw) : undefined) ?? ZOD_VALIDATORS.labels(raw);
        if (typeof row === 'string') return row;
        builder.addLabelRow(row);
        return undefined;
      };
  }
}
