// ringscan's ingest stage: reads a dataset folder into the dense-id Dataset, validating every row and
// sending each invalid one to the rejects sink; per file, read = accepted + rejected.
import { stat } from 'node:fs/promises';
import type { Dataset } from '../schema/dataset.js';
import { RingscanError } from '../schema/errors.js';
import type { FileCounts } from '../schema/findings.js';
import type { DatasetFileKind } from '../schema/input.js';
import { DatasetBuilder } from './dataset-builder.js';
import { findDatasetFiles, systemReason, type DatasetFile } from './dataset-files.js';
import { fastRowReader } from './fast-rows.js';
import { readRows } from './read-rows.js';
import { RejectsSink, type RejectRecord } from './rejects-sink.js';
import { fastAccount, fastAction, fastLabel, fastLink, ZOD_VALIDATORS } from './validate-record.js';

export interface IngestProgress {
  /** File name inside the dataset folder. */
  file: string;
  /** Rows read so far in this file (accepted + rejected). */
  rows: number;
  /** Bytes read from disk so far in this file (compressed bytes for .gz). */
  bytes: number;
}

export interface LoadDatasetOptions {
  /** Where to write rejected rows as NDJSON (truncated first). null or absent: count them and keep a sample. */
  rejectsPath?: string | null;
  onProgress?: (progress: IngestProgress) => void;
  /** Read chunk size in bytes (default 1 MiB); tests use tiny values. */
  highWaterMark?: number;
  /** Longest accepted physical line in bytes (default 16 MiB); longer lines are rejected, not buffered. */
  maxLineBytes?: number;
  /** false: validate every row with JSON.parse + zod only (the reference the fast path is tested against). */
  fastPath?: boolean;
}

export interface LoadedDataset {
  dataset: Dataset;
  /** Counts per file name (accounts.ndjson, links.csv.gz, …). */
  files: Record<string, FileCounts>;
  rejectsPath: string | null;
  rejected: number;
  /** The first rejects, kept in memory whether or not a rejects file was written. */
  sampleRejects: RejectRecord[];
  implicitAccounts: number;
  /** Link rows repeating an (account, entity) pair already seen; counted as accepted, stored once. */
  duplicateLinks: number;
}

export const PROGRESS_EVERY_ROWS = 100_000;

export async function loadDataset(dir: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const files = await findDatasetFiles(dir);
  const rejects = await RejectsSink.open(options.rejectsPath ?? null);
  const builder = new DatasetBuilder();
  const counts: Record<string, FileCounts> = {};
  try {
    for (const file of files) {
      counts[file.name] = await loadFile(file, builder, rejects, options);
      if (file.kind === 'accounts') assertHasAccounts(dir, file, counts[file.name]!, rejects);
    }
  } catch (error) {
    await rejects.close().catch(() => {});
    throw error;
  }
  await rejects.close();
  const built = builder.build(files.some((file) => file.kind === 'labels'));
  return {
    dataset: built.dataset,
    files: counts,
    rejectsPath: rejects.path,
    rejected: rejects.count,
    sampleRejects: rejects.sample,
    implicitAccounts: built.implicitAccounts,
    duplicateLinks: built.duplicateLinks,
  };
}

async function loadFile(file: DatasetFile, builder: DatasetBuilder, rejects: RejectsSink, options: LoadDatasetOptions): Promise<FileCounts> {
  const counts: FileCounts = { read: 0, accepted: 0, rejected: 0 };
  const isFast = options.fastPath !== false;
  const accept = acceptorFor(file.kind, builder, isFast);
  const fastRow = isFast && file.format === 'ndjson' ? fastRowReader(file.kind, builder) : undefined;
  const reject = (reason: string, lineNo: number, text: string): void => {
    counts.read++;
    counts.rejected++;
    rejects.add(file.name, lineNo, reason, text);
  };
  let reportedRows = 0;
  const progress = options.onProgress;
  const fileSize = await fileSizeOf(file);
  let isFirstChunk = true;
  await readRows(
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
        const reason = accept(raw, lineNo);
        if (reason === undefined) {
          counts.read++;
          counts.accepted++;
        } else reject(reason, lineNo, text);
      },
      invalid: reject,
    },
    {
      ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
      ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
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
  return counts;
}

async function fileSizeOf(file: DatasetFile): Promise<number> {
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

/** Validates a parsed row of one file kind and adds it; returns the reject reason or undefined. */
function acceptorFor(kind: DatasetFileKind, builder: DatasetBuilder, isFast: boolean): (raw: unknown, lineNo: number) => string | undefined {
  switch (kind) {
    case 'accounts':
      return (raw, lineNo) => {
        const row = (isFast ? fastAccount(raw) : undefined) ?? ZOD_VALIDATORS.accounts(raw);
        return typeof row === 'string' ? row : builder.addAccountRow(row, lineNo);
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

function assertHasAccounts(dir: string, file: DatasetFile, counts: FileCounts, rejects: RejectsSink): void {
  if (counts.accepted > 0) return;
  if (counts.read === 0) throw new RingscanError('EMPTY_DATASET', `dataset folder ${dir} has no accounts: ${file.name} has no rows`);
  const first = rejects.sample.find((record) => record.file === file.name);
  const example = first ? ` (line ${first.line}: ${first.reason})` : '';
  throw new RingscanError('EMPTY_DATASET', `dataset folder ${dir} has no valid accounts: all ${counts.read} rows of ${file.name} were rejected${example}`);
}
