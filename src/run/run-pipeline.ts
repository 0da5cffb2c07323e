// Runs ingest and detection on a dataset folder and reports how long each stage took.
import { loadDataset, type IngestProgress, type LoadedDataset } from '../ingest/load-dataset.js';
import type { DetectionConfig } from '../schema/config.js';
import type { Dataset } from '../schema/dataset.js';
import type { Findings } from '../schema/findings.js';
import { detectFindings, type DetectStage } from './detect-findings.js';
import { labelsFromReviews } from './labels-from-reviews.js';
import type { ReviewFile } from '../evaluate/review-file-schema.js';

export type PipelineStage = 'ingest' | DetectStage;

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
  onStage?: (stage: PipelineStage, phase: 'start' | 'end') => void;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const timingsMs: Partial<Record<PipelineStage, number>> = {};
  const started = new Map<PipelineStage, number>();
  const onStage = (stage: PipelineStage, phase: 'start' | 'end') => {
    if (phase === 'start') started.set(stage, performance.now());
    else timingsMs[stage] = performance.now() - (started.get(stage) ?? performance.now());
    options.onStage?.(stage, phase);
  };
  let loaded = options.loaded;
  if (loaded === undefined) {
    onStage('ingest', 'start');
    loaded = await loadDataset(options.dataDir, {
      rejectsPath: options.rejectsPath ?? null,
      ...(options.maxRejectRate === undefined ? {} : { maxRejectRate: options.maxRejectRate }),
      ...(options.onIngestProgress ? { onProgress: options.onIngestProgress } : {}),
    });
    onStage('ingest', 'end');
  }
  const dataset = options.reviews && options.reviews.length > 0 ? { ...loaded.dataset, labels: labelsFromReviews(loaded.dataset, options.reviews).labels } : loaded.dataset;
  const findings = detectFindings(dataset, options.config, loaded.files, { onStage });
  return { dataset, findings, rejectsPath: loaded.rejectsPath, timingsMs };
}
