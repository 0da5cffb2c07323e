// Investigators' verdicts as labels for the next run: every reviewed account of a filled review sample becomes
// a fraud or benign label (unsure and unreviewed items are skipped), on top of the dataset's own labels; a
// verdict wins over a label the dataset carries for the same account, since it is the newer judgement.
import type { Dataset, LabelTable } from '../schema/dataset.js';
import type { ReviewFile } from '../evaluate/review-file-schema.js';

export interface ReviewLabels {
  labels: LabelTable;
  /** Verdicts applied, and those naming accounts absent from the dataset (skipped). */
  applied: { fraud: number; benign: number };
  unknownAccounts: number;
}

export function labelsFromReviews(dataset: Dataset, reviews: ReviewFile[]): ReviewLabels {
  const label = dataset.labels ? Int8Array.from(dataset.labels.label) : new Int8Array(dataset.accounts.ids.length).fill(-1);
  const indexOf = new Map(dataset.accounts.ids.map((id, i) => [id, i]));
  const applied = { fraud: 0, benign: 0 };
  let unknownAccounts = 0;
  for (const review of reviews) {
    for (const item of review.items) {
      if (item.verdict !== 'fraud' && item.verdict !== 'benign') continue;
      const v = indexOf.get(item.account);
      if (v === undefined) {
        unknownAccounts++;
        continue;
      }
      label[v] = item.verdict === 'fraud' ? 1 : 0;
      applied[item.verdict]++;
    }
  }
  return { labels: { label }, applied, unknownAccounts };
}
