// ringscan's ingest stage: reads a dataset folder into the dense-id Dataset, validating every row and
// sending each invalid one to the rejects sink; per file, read = accepted + rejected.
// A big actions file is read in a worker thread while this thread reads accounts and links; the merge
// reproduces the sequential result exactly (ids, order, counts, rejects), which test/ingest checks.
import type { Dataset } from '../schema/dataset.js';
import { RingscanError } from '../schema/errors.js';
import type { FileCounts } from '../schema/findings.js';
import { isActionsWorkerAvailable, startActionsWorker, type ActionsJob, type ActionsWorkerResult } from './actions-worker-client.js';
import { DatasetBuilder } from './dataset-builder.js';
import { REQUIRED_FILES } from '../schema/input.js';
import { findDatasetFiles, type DatasetFile } from './dataset-files.js';
import { fileSizeOf, loadFile, type IngestProgress } from './load-file.js';
import { RejectsSink, type RejectRecord } from './rejects-sink.js';

export { PROGRESS_EVERY_ROWS, type IngestProgress } from './load-file.js';

/** auto: a worker when the compiled build runs and the actions file is big; always: a worker or an error. */
export type ActionsWorkerMode = 'auto' | 'always' | 'never';

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
  /** Whether to read the actions file in a worker thread (default auto); never is the reference path. */
  actionsWorker?: ActionsWorkerMode;
  /** Fail (BAD_INPUT) when any file rejects more than this share of its rows (0..1); absent: no limit. */
  maxRejectRate?: number;
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

/** Below this many bytes on disk, starting a worker costs more than reading the actions here. */
export const ACTIONS_WORKER_MIN_BYTES = 8 * 1024 * 1024;
const REJECTS_PER_DRAIN = 10_000;

export async function loadDataset(dir: string, options: LoadDatasetOptions = {}): Promise<LoadedDataset> {
  const files = await findDatasetFiles(dir);
  const rejects = await RejectsSink.open(options.rejectsPath ?? null);
  const builder = new DatasetBuilder();
  const counts: Record<string, FileCounts> = {};
  let actionsJob: ActionsJob | undefined;
  try {
    const actionsFile = files.find((file) => file.kind === 'actions');
    if (actionsFile !== undefined && (await shouldUseWorker(actionsFile, options.actionsWorker ?? 'auto'))) {
      actionsJob = startActionsWorker(
        {
          file: actionsFile,
          reportsProgress: options.onProgress !== undefined,
          ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
          ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
          ...(options.fastPath === undefined ? {} : { fastPath: options.fastPath }),
        },
        options.onProgress,
      );
    }
    for (const file of files) {
      if (file.kind === 'actions' && actionsJob !== undefined) {
        counts[file.name] = await mergeActions(await actionsJob.result, file, builder, rejects);
        actionsJob = undefined;
        continue;
      }
      counts[file.name] = await loadFile(file, builder, rejects, options);
    }
  } catch (error) {
    await actionsJob?.cancel().catch(() => {});
    await rejects.close().catch(() => {});
    throw error;
  }
  await rejects.close();
  for (const file of files) assertUsable(dir, file, counts[file.name]!, rejects, options.maxRejectRate);
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

async function shouldUseWorker(file: DatasetFile, mode: ActionsWorkerMode): Promise<boolean> {
  if (mode === 'never') return false;
  if (mode === 'always') {
    if (!isActionsWorkerAvailable()) throw new Error('the actions worker needs the compiled build (dist/)');
    return true;
  }
  if (!isActionsWorkerAvailable()) return false;
  // an unreadable file is left to the in-order read, so its error comes after any in accounts or links
  const bytes = await fileSizeOf(file).catch(() => 0);
  return bytes >= ACTIONS_WORKER_MIN_BYTES;
}

/** Adds the worker's rows and rejects at the point the sequential read would have: after links, before labels. */
async function mergeActions(part: ActionsWorkerResult, file: DatasetFile, builder: DatasetBuilder, rejects: RejectsSink): Promise<FileCounts> {
  const { lines, reasons, raws } = part.rejects;
  for (let i = 0; i < lines.length; i++) {
    rejects.add(file.name, lines[i]!, reasons[i]!, raws[i]!);
    if ((i + 1) % REJECTS_PER_DRAIN === 0) await rejects.drain();
  }
  await rejects.drain();
  builder.adoptActions(part.accountIds, part.actions);
  return part.counts;
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
