// ringscan's ingest stage: reads a dataset folder into the dense-id Dataset, validating every row and
// sending each invalid one to the rejects sink; per file, read = accepted + rejected.
// Every file is parsed in parallel: plain NDJSON files are cut at newlines into pieces, gzip and CSV files are
// one piece each, and a pool of worker threads (one per core) parses the pieces while this thread merges them
// in file order. The merge reproduces the single-threaded read exactly (ids, order, counts, rejects), which
// test/ingest/parallel-ingest.test.ts checks with 1 and N workers.
import { RingscanError } from '../schema/errors.js';
import type { Dataset } from '../schema/dataset.js';
import type { FileCounts } from '../schema/findings.js';
import { REQUIRED_FILES, type DatasetFileKind } from '../schema/input.js';
import { DatasetBuilder } from './dataset-builder.js';
import { findDatasetFiles, type DatasetFile } from './dataset-files.js';
import { splitAtNewlines } from './file-pieces.js';
import { fileSizeOf, loadFile, type IngestProgress } from './load-file.js';
import type { PartJob, PartResult } from './parse-part.js';
import { defaultParseWorkers, isParsePoolAvailable, ParsePool } from './parse-pool.js';
import { readLinesAt } from './read-lines-at.js';
import { duplicateAccountReason, RejectsSink, type RejectRecord } from './rejects-sink.js';

export { PROGRESS_EVERY_ROWS, type IngestProgress } from './load-file.js';

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
  /**
   * Parse worker threads (default: one per core when the compiled build runs). 0: read every file in this
   * thread, in order, into one builder: the reference path the parallel one is tested against.
   */
  workers?: number;
  /** A plain NDJSON file is cut into pieces of about this many bytes (default 32 MiB), at most 4 per worker. */
  pieceBytes?: number;
  /** Fail (BAD_INPUT) when any file rejects more than this share of its rows (0..1); absent: no limit. */
  maxRejectRate?: number;
  /** Called with what the parallel read cost beyond parsing, once it is done. */
  onJoin?: (join: JoinStats) => void;
  /** Read only these files (absent: all); `evaluate` needs the declared accounts alone. */
  only?: readonly DatasetFileKind[];
}

/** Where the parallel read's time went: the merge on this thread is the join cost, kept small by design. */
export interface JoinStats {
  workers: number;
  pieces: number;
  /** Milliseconds this thread spent merging parts (interning each part's distinct strings, remapping columns). */
  mergeMs: number;
  /** Milliseconds this thread waited for the next part in file order. */
  waitMs: number;
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

export const DEFAULT_PIECE_BYTES = 32 * 1024 * 1024;
const MAX_PIECES_PER_WORKER = 4;
const REJECTS_PER_DRAIN = 10_000;

export async function loadDataset(dir: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const files = (await findDatasetFiles(dir)).filter((file) => options.only === undefined || options.only.includes(file.kind));
  const rejects = await RejectsSink.open(options.rejectsPath ?? null);
  const builder = new DatasetBuilder();
  let counts: Record<string, FileCounts>;
  try {
    const workers = options.workers ?? (isParsePoolAvailable() ? defaultParseWorkers() : 0);
    if (workers > 0 && !isParsePoolAvailable()) throw new Error('parse workers need the compiled build (dist/)');
    // each file is judged as soon as it is read, so an unusable accounts file is the error even if a later file is broken too
    const check = (file: DatasetFile, fileCounts: FileCounts): void => assertUsable(dir, file, fileCounts, rejects, options.maxRejectRate);
    counts = workers === 0 ? await loadInOrder(files, builder, rejects, options, check) : await loadInParallel(files, builder, rejects, workers, options, check);
  } catch (error) {
    await rejects.close().catch(() => {});
    throw error;
  }
  await rejects.close();
  const built = builder.build(files.some((file) => file.kind === 'labels'));
  for (const file of files) {
    if (file.kind === 'links') counts[file.name]!.duplicates = built.duplicateLinks;
    if (file.kind === 'labels') counts[file.name]!.duplicates = built.duplicateLabels;
  }
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

type FileCheck = (file: DatasetFile, counts: FileCounts) => void;

async function loadInOrder(files: DatasetFile[], builder: DatasetBuilder, rejects: RejectsSink, options: LoadDatasetOptions, check: FileCheck): Promise<Record<string, FileCounts>> {
  const counts: Record<string, FileCounts> = {};
  for (const file of files) {
    counts[file.name] = (await loadFile(file, builder, rejects, options)).counts;
    check(file, counts[file.name]!);
  }
  return counts;
}

interface FilePlan {
  file: DatasetFile;
  size: number;
  results: Promise<PartResult>[];
}

async function loadInParallel(
  files: DatasetFile[],
  builder: DatasetBuilder,
  rejects: RejectsSink,
  workers: number,
  options: LoadDatasetOptions,
  check: FileCheck,
): Promise<Record<string, FileCounts>> {
  // sizes first, in file order, so an unreadable file fails as the in-order read would
  const sizes: number[] = [];
  for (const file of files) sizes.push(await fileSizeOf(file));
  const pieceBytes = options.pieceBytes ?? DEFAULT_PIECE_BYTES;
  const jobs: PartJob[][] = [];
  for (let f = 0; f < files.length; f++) {
    const file = files[f]!;
    const base: PartJob = {
      file,
      ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
      ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
      ...(options.fastPath === undefined ? {} : { fastPath: options.fastPath }),
    };
    const isSplittable = file.format === 'ndjson' && !file.isGzip;
    const count = isSplittable ? Math.min(Math.ceil(sizes[f]! / pieceBytes), workers * MAX_PIECES_PER_WORKER) : 1;
    // a file that cannot be cut (a folder, a read error) is one piece, so its error is the in-order read's
    const ranges = count > 1 ? await splitAtNewlines(file.path, sizes[f]!, count).catch(() => null) : null;
    jobs.push(ranges === null ? [base] : ranges.map((range) => ({ ...base, range })));
  }
  const pieces = jobs.reduce((sum, list) => sum + list.length, 0);
  const pool = new ParsePool(Math.min(workers, pieces));
  const progress = options.onProgress;
  const plans: FilePlan[] = files.map((file, f) => {
    const rowsByPiece = new Float64Array(jobs[f]!.length);
    const bytesByPiece = new Float64Array(jobs[f]!.length);
    const results = jobs[f]!.map((job, k) =>
      pool.submit(
        job,
        progress &&
          ((p) => {
            rowsByPiece[k] = p.rows;
            bytesByPiece[k] = p.bytes;
            progress({ file: file.name, rows: sum(rowsByPiece), bytes: sum(bytesByPiece) });
          }),
      ),
    );
    return { file, size: sizes[f]!, results };
  });
  const counts: Record<string, FileCounts> = {};
  let mergeMs = 0;
  let waitMs = 0;
  try {
    for (const plan of plans) {
      const total: FileCounts = { read: 0, accepted: 0, rejected: 0 };
      let lineOffset = 0;
      for (let k = 0; k < plan.results.length; k++) {
        const waited = performance.now();
        const result = await plan.results[k]!;
        plan.results[k] = DONE; // let the part be collected once merged
        const merging = performance.now();
        waitMs += merging - waited;
        if (k === 0) reserveFromFirstPart(plan, jobs[plans.indexOf(plan)]![0]!, result, builder);
        await mergeResult(plan.file, jobs[plans.indexOf(plan)]![k]!, result, lineOffset, builder, rejects, total);
        mergeMs += performance.now() - merging;
        lineOffset += result.lines;
      }
      counts[plan.file.name] = total;
      progress?.({ file: plan.file.name, rows: total.read, bytes: plan.size });
      check(plan.file, total);
    }
  } finally {
    await pool.close();
  }
  options.onJoin?.({ workers: Math.min(workers, pieces), pieces, mergeMs, waitMs });
  return counts;
}

const DONE = Promise.resolve(null as unknown as PartResult);

/**
 * Sizes the id tables once from a file's first part, scaled by the file's size, instead of rehashing them through
 * every doubling (as reserveFromFirstChunk does when reading in order): accounts from the accounts file, entities
 * from the links file. Targets are not estimated: the popular ones recur in every part.
 */
function reserveFromFirstPart(plan: FilePlan, job: PartJob, result: PartResult, builder: DatasetBuilder): void {
  if (job.range === undefined || plan.results.length < 2) return;
  const scale = plan.size / Math.max(1, job.range.end - job.range.start);
  if (plan.file.kind === 'accounts') builder.reserve({ accounts: Math.ceil(result.part.accounts.isImplicit.length * scale) });
  if (plan.file.kind === 'links') builder.reserve({ entities: Math.ceil(result.part.entities.type.length * scale) });
}

function sum(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/**
 * Adds one part to the builder and its rejects to the sink, in line order: the part's own rejects, plus its
 * declarations of accounts an earlier part declared (found only now; their text is read back from the file).
 */
async function mergeResult(
  file: DatasetFile,
  job: PartJob,
  result: PartResult,
  lineOffset: number,
  builder: DatasetBuilder,
  rejects: RejectsSink,
  total: FileCounts,
): Promise<void> {
  const { accountMap, duplicates } = builder.mergePart(result.part, lineOffset);
  // a declaration the part accepted but an earlier part had made: rejected after all
  total.read += result.counts.read;
  total.accepted += result.counts.accepted - duplicates.length;
  total.rejected += result.counts.rejected + duplicates.length;
  const { lines, reasons, raws, duplicateOf } = result.rejects;
  const lateRaws = duplicates.length === 0 ? new Map<number, string>() : await readLinesAt(file, job.range, duplicates.map((d) => d.line - lineOffset));
  let late = 0;
  let written = 0;
  for (let i = 0; i <= lines.length; i++) {
    const line = i < lines.length ? lines[i]! + lineOffset : Number.POSITIVE_INFINITY;
    while (late < duplicates.length && duplicates[late]!.line < line) {
      const duplicate = duplicates[late++]!;
      rejects.add(file.name, duplicate.line, duplicateAccountReason(builder.declaredLineOf(duplicate.account)), lateRaws.get(duplicate.line - lineOffset) ?? '');
    }
    if (i === lines.length) break;
    const local = duplicateOf[i]!;
    rejects.add(file.name, line, local === -1 ? reasons[i]! : duplicateAccountReason(builder.declaredLineOf(accountMap[local]!)), raws[i]!);
    if (++written % REJECTS_PER_DRAIN === 0) await rejects.drain();
  }
  await rejects.drain();
}

/** A required file with no usable row, or any file over the reject limit, stops the run with one line. */
function assertUsable(dir: string, file: DatasetFile, counts: FileCounts, rejects: RejectsSink, maxRejectRate: number | undefined): void {
  const first = rejects.firstByFile.get(file.name);
  const example = first ? ` (first: line ${first.line}: ${first.reason})` : '';
  if (REQUIRED_FILES.includes(file.kind) && counts.accepted === 0) {
    if (file.kind === 'accounts' && counts.read === 0) throw new RingscanError('EMPTY_DATASET', `dataset folder ${dir} has no accounts: ${file.name} has no rows`);
    if (file.kind === 'accounts') throw new RingscanError('EMPTY_DATASET', `dataset folder ${dir} has no valid accounts: all ${counts.read} rows of ${file.name} were rejected${example}`);
    if (counts.read > 0) throw new RingscanError('BAD_INPUT', `${file.name}: all ${counts.read} rows were rejected${example}`);
  }
  if (maxRejectRate !== undefined && counts.read > 0 && counts.rejected / counts.read > maxRejectRate) {
    const percent = ((100 * counts.rejected) / counts.read).toFixed(1);
    throw new RingscanError('BAD_INPUT', `${file.name}: ${counts.rejected} of ${counts.read} rows rejected (${percent}%), above --max-reject-rate ${maxRejectRate}${example}`);
  }
}
