// Runs ingest and detection on a dataset folder and reports each stage as it ends: its time and what it worked
// through (rows, links, actions, rings…), for progress lines. The stages themselves stay pure; counts come from
// their input and results (stage-counts.ts).
import { loadDataset, type IngestProgress, type LoadedDataset } from '../ingest/load-dataset.js';
import type { DetectionConfig } from '../schema/config.js';
import type { Dataset } from '../schema/dataset.js';
import type { Findings } from '../schema/findings.js';
import { detectFindings, type DetectStage } from './detect-findings.js';
import { labelsFromReviews } from './labels-from-reviews.js';
import type { ReviewFile } from '../evaluate/review-file-schema.js';
import { countDetectStage, countDetection, countIngest, type StageCount } from './stage-counts.js';

/** 'detect' spans the detection stages; its report says what the graph stages built. */
export type PipelineStage = 'ingest' | 'detect' | DetectStage;

/** A stage that ended: its milliseconds and, when it has one, its count. */
export interface StageReport extends Partial<StageCount> {
  ms: number;
}

export type StageHook<S extends string> = (stage: S, phase: 'start' | 'end', report?: StageReport) => void;

export interface PipelineResult {
  dataset: Dataset;
  findings: Findings;
  rejectsPath: string | null;
  /** Milliseconds per stage, in the order they ran. */
  timingsMs: Partial<Record<PipelineStage, number>>;
}

export interface PipelineOptions {
  dataDir: string;
  /** The dataset already loaded from dataDir: ingest is skipped (compare runs two configs on one load). */
  loaded?: LoadedDataset;
  config: DetectionConfig;
  rejectsPath?: string | null;
  /** Filled review samples whose verdicts become labels on top of the dataset's own. */
  reviews?: ReviewFile[];
  /** Stop with a one-line error when a file rejects more than this share of its rows. */
  maxRejectRate?: number;
  /** Rows read so far per input file, while ingest runs. */
  onIngestProgress?: (progress: IngestProgress) => void;
  /** Each stage's start, and its end with a report (always given on 'end'), as each stage ends. */
  onStage?: StageHook<PipelineStage>;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const timingsMs: Partial<Record<PipelineStage, number>> = {};
  const started = new Map<PipelineStage, number>();
  const start = (stage: PipelineStage) => {
    started.set(stage, performance.now());
    options.onStage?.(stage, 'start');
  };
  const elapsed = (stage: PipelineStage) => (timingsMs[stage] = performance.now() - (started.get(stage) ?? performance.now()));
  let loaded = options.loaded;
  if (loaded === undefined) {
    start('ingest');
    loaded = await loadDataset(options.dataDir, {
      rejectsPath: options.rejectsPath ?? null,
      ...(options.maxRejectRate === undefined ? {} : { maxRejectRate: options.maxRejectRate }),
      ...(options.onIngestProgress ? { onProgress: options.onIngestProgress } : {}),
    });
    options.onStage?.('ingest', 'end', { ms: elapsed('ingest'), ...countIngest(loaded.files) });
  }
  const dataset = options.reviews && options.reviews.length > 0 ? { ...loaded.dataset, labels: labelsFromReviews(loaded.dataset, options.reviews).labels } : loaded.dataset;
  start('detect');
  const findings = detectFindings(dataset, options.config, loaded.files, {
    onStage: (stage, phase, result) => {
      if (phase === 'start') return start(stage);
      options.onStage?.(stage, 'end', { ms: elapsed(stage), ...countDetectStage(stage, dataset, result ?? {}) });
    },
  });
  options.onStage?.('detect', 'end', { ms: elapsed('detect'), ...countDetection(findings) });
  return { dataset, findings, rejectsPath: loaded.rejectsPath, timingsMs };
}
