// One daily run as a library call: ingest (unless the dataset is already loaded), detect and score, then record
// the run in the store with stable ring ids, indicators and alerts. The CLI commands and tests call this instead
// of sequencing the stages, the store write and the clock themselves.
import type { DetectionConfig } from '../schema/config.js';
import type { RunRecord } from '../schema/run.js';
import type { FindingsStore } from '../store/findings-store.js';
import type { LoadedDataset } from '../ingest/load-dataset.js';
import { prepareRun, withoutPreviousRun } from './record-run.js';
import type { ReviewFile } from '../evaluate/review-file-schema.js';
import { countStore } from './stage-counts.js';
import { runPipeline, type PipelineOptions, type PipelineResult, type PipelineStage, type StageHook } from './run-pipeline.js';

export type { StageReport } from './run-pipeline.js';

export type RunStage = PipelineStage | 'store';

export interface RunAndRecordOptions {
  /** The dataset folder (also the run's dataset name). */
  dataDir: string;
  config: DetectionConfig;
  /** null: detect only, record nothing. */
  store: FindingsStore | null;
  /** The dataset already loaded from dataDir (ingest is skipped). */
  loaded?: LoadedDataset;
  rejectsPath?: string | null;
  /** Filled review samples whose verdicts become labels for this run (labels-from-reviews.ts). */
  reviews?: ReviewFile[];
  /** Fail the ingest when a larger share of any file's rows is rejected. */
  maxRejectRate?: number;
  onIngestProgress?: PipelineOptions['onIngestProgress'];
  codeVersion: string;
  /** Stamps the run's start and finish; tests pass a fixed clock. */
  now?: () => Date;
  /** Each stage's start, and its end with its time and count (run-pipeline.ts); 'store' comes last. */
  onStage?: StageHook<RunStage>;
}

export interface RunAndRecordResult extends Omit<PipelineResult, 'timingsMs'> {
  /** Milliseconds per stage, in the order they ran (store last). */
  timingsMs: Partial<Record<RunStage, number>>;
  /** The recorded run, or null without a store. */
  run: RunRecord | null;
  durationMs: number;
}

export async function runAndRecord(options: RunAndRecordOptions): Promise<RunAndRecordResult> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const started = performance.now();
  const result = await runPipeline({
    dataDir: options.dataDir,
    config: options.config,
    rejectsPath: options.rejectsPath ?? null,
    ...(options.maxRejectRate === undefined ? {} : { maxRejectRate: options.maxRejectRate }),
    ...(options.reviews ? { reviews: options.reviews } : {}),
    ...(options.onIngestProgress ? { onIngestProgress: options.onIngestProgress } : {}),
    ...(options.loaded ? { loaded: options.loaded } : {}),
    ...(options.onStage ? { onStage: options.onStage } : {}),
  });
  const timingsMs: Partial<Record<RunStage, number>> = { ...result.timingsMs };
  // Stable ring ids (matched to the store's previous run) are assigned once, here, before anything is printed or written.
  let run: RunRecord | null = null;
  let findings = result.findings;
  if (options.store) {
    options.onStage?.('store', 'start');
    const storeStarted = performance.now();
    const prepared = await prepareRun(options.store, result.findings, {
      dataset: options.dataDir,
      startedAt,
      finishedAt: now(),
      codeVersion: options.codeVersion,
      config: options.config,
    });
    await options.store.saveRun(prepared.save);
    findings = prepared.findings;
    run = prepared.save.run;
    timingsMs.store = performance.now() - storeStarted;
    options.onStage?.('store', 'end', { ms: timingsMs.store, ...countStore(prepared.save) });
  } else {
    findings = withoutPreviousRun(result.findings, options.config);
  }
  return { ...result, findings, timingsMs, run, durationMs: performance.now() - started };
}
