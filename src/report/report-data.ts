// What the HTML report shows, gathered at the edge (store, files) and handed to renderReport as plain data.
import type { Comparison, PrPoint } from '../evaluate/comparison-schema.js';
import type { SweepRow } from '../evaluate/evaluation-schema.js';
import type { RunCheck } from '../run/monitor-runs.js';
import type { PrecisionEstimate } from '../evaluate/review-estimate.js';
import type { RunRecord, StoredRing } from '../schema/run.js';
import type { RingPicture } from './ring-picture.js';

export interface ReportLabels {
  /** Where the labels came from (a dataset folder). */
  source: string;
  labelled: number;
  fraud: number;
  precision: number | null;
  recall: number | null;
  prAuc: number | null;
  prCurve: PrPoint[];
  sweep: SweepRow[];
}

export interface ReportData {
  /** Shown in the footer; passed in so rendering stays pure. */
  generatedAt: string;
  run: RunRecord;
  /** Every candidate ring's score in the run. */
  ringScores: number[];
  /** Risk of every ring member in the run. */
  accountRisks: number[];
  /** Lowest score among flagged rings (the run's flag threshold as observed), null when none is flagged. */
  lowestFlaggedScore: number | null;
  /** Riskiest rings of the run, with reasons. */
  topRings: StoredRing[];
  /** Pictures of the top rings that kept an evidence graph (flagged ones), by ring id. */
  ringPictures: Record<string, RingPicture>;
  /** Runs up to this one, oldest first, each checked against its own past. */
  history: RunCheck[];
  labels?: ReportLabels;
  comparison?: Comparison;
  reviews?: PrecisionEstimate;
}
