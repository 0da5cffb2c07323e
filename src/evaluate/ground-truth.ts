// Ground truth for evaluation: per-account label, true ring and kind, aligned with an account id list.
// A plain shape so tests, the CLI and strategy comparison can build it without a whole Dataset.
import type { Dataset } from '../schema/dataset.js';
import { RingscanError } from '../schema/errors.js';

export const FRAUD = 1;
export const BENIGN = 0;
export const UNLABELLED = -1;

export interface GroundTruth {
  accounts: string[];
  /** Per account: 1 fraud, 0 benign, -1 unlabelled. */
  label: Int8Array;
  /** Per account: ground-truth ring id (only meaningful on fraud accounts) or undefined. */
  ring: (string | undefined)[];
  /** Per account: ground-truth kind (device_farm, household, …) or undefined. */
  kind: (string | undefined)[];
}

/** The dataset's labels as GroundTruth; throws a one-line error when the dataset has no labels file. */
export function groundTruthFromDataset(dataset: Dataset): GroundTruth {
  const labels = dataset.labels;
  if (!labels) throw new RingscanError('MISSING_FILE', 'the dataset has no labels file: evaluation needs labels (account, label, optional ring and kind)');
  return { accounts: dataset.accounts.ids, label: labels.label, ring: labels.ring, kind: labels.kind };
}

/** Throws when the arrays disagree in length, an id repeats, or a label is outside {-1, 0, 1}. */
export function assertGroundTruth(truth: GroundTruth): void {
  const n = truth.accounts.length;
  if (truth.label.length !== n || truth.ring.length !== n || truth.kind.length !== n) {
    throw new RingscanError('BAD_USAGE', `ground truth arrays differ in length (accounts ${n}, label ${truth.label.length}, ring ${truth.ring.length}, kind ${truth.kind.length})`);
  }
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const id = truth.accounts[i]!;
    if (seen.has(id)) throw new RingscanError('BAD_USAGE', `ground truth lists account ${id} twice`);
    seen.add(id);
    const label = truth.label[i]!;
    if (label !== FRAUD && label !== BENIGN && label !== UNLABELLED) throw new RingscanError('BAD_USAGE', `ground truth label of ${id} is ${label}, expected 1, 0 or -1`);
  }
}
