// Messages between loadDataset and the actions worker (worker_threads): what goes in, what comes back.
import type { ActionTable } from '../schema/dataset.js';
import type { ErrorCode } from '../schema/errors.js';
import type { FileCounts } from '../schema/findings.js';
import type { DatasetFile } from './dataset-files.js';
import type { IngestProgress } from './load-file.js';

export interface ActionsWorkerInput {
  file: DatasetFile;
  highWaterMark?: number;
  maxLineBytes?: number;
  fastPath?: boolean;
  reportsProgress: boolean;
}

/** The worker's rejects in file order, as columns (already truncated to RAW_MAX_CHARS). */
export interface RejectColumns {
  lines: number[];
  reasons: string[];
  raws: string[];
}

export type ActionsWorkerMessage =
  | { type: 'progress'; progress: IngestProgress }
  | {
      type: 'done';
      counts: FileCounts;
      /** The worker's accounts in first-seen order; actions.account indexes this list. */
      accountIds: string[];
      actions: ActionTable;
      rejects: RejectColumns;
    }
  | { type: 'error'; code: ErrorCode | null; message: string };
