import { describe, expect, it } from 'vitest';
import { labelsFromReviews } from '../../src/run/labels-from-reviews.js';
import type { ReviewFile, ReviewItem } from '../../src/evaluate/review-file-schema.js';
import { EPOCH, buildDataset } from '../helpers/dataset-builder.js';

const item = (account: string, verdict: ReviewItem['verdict']): ReviewItem => ({
  account,
  stratum: 1,
  risk: 0.9,
  designWeight: 1,
  evidence: { ring: null, ringScore: null, ringSize: null, role: null, reasons: [], ringReasons: [], sharedIdentifiers: [], closestMembers: [] },
  verdict,
});
const review = (items: ReviewItem[]): ReviewFile => ({
  formatVersion: 1,
  kind: 'ringscan-review-sample',
  run: 'r1',
  seed: 1,
  requested: items.length,
  allocation: 'test',
  flaggedAccounts: items.length,
  strata: [{ stratum: 1, riskFrom: 0, riskTo: 1, population: items.length, sampled: items.length }],
  instructions: '',
  items,
});

describe('labelsFromReviews', () => {
  // 'a' is labelled fraud in the dataset itself; a reviewer's benign verdict is the newer judgement.
  const dataset = buildDataset(['a', 'b', 'c', 'd'].map((id) => ({ id, createdAt: EPOCH })), [], [], ['a']);

  it('turns fraud and benign verdicts into labels; unsure, unreviewed and unknown accounts change nothing', () => {
    const result = labelsFromReviews(dataset, [review([item('a', 'benign'), item('b', 'fraud'), item('c', 'unsure'), item('d', null), item('zz', 'fraud')])]);
    const index = (id: string) => dataset.accounts.ids.indexOf(id);
    expect(result.labels.label[index('a')]).toBe(0); // the verdict overrides the dataset's older label
    expect(result.labels.label[index('b')]).toBe(1);
    expect(result.labels.label[index('c')]).toBe(dataset.labels!.label[index('c')]);
    expect(result.labels.label[index('d')]).toBe(dataset.labels!.label[index('d')]);
    expect(result.applied).toEqual({ fraud: 1, benign: 1 });
    expect(result.unknownAccounts).toBe(1);
  });

  it('leaves the dataset untouched', () => {
    const before = Array.from(dataset.labels!.label);
    labelsFromReviews(dataset, [review([item('b', 'fraud')])]);
    expect(Array.from(dataset.labels!.label)).toEqual(before);
  });
});
