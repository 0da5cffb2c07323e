// Cost model: per-account costs by label and kind, and the cheapest risk threshold found in one scan.
import { describe, expect, it } from 'vitest';
import { accountCosts, CostModelSchema, minimizeCost } from '../../src/evaluate/cost-model.js';
import { truthOf } from './fixtures.js';

const truth = truthOf([
  { account: 'f1', label: 'fraud', ring: 'R', kind: 'device_farm' },
  { account: 'f2', label: 'fraud', ring: 'R', kind: 'device_farm' },
  { account: 'b1', label: 'benign', kind: 'household' },
  { account: 'b2', label: 'benign', kind: 'office' },
  { account: 'u1', label: null },
]);

describe('accountCosts', () => {
  it('benign accounts cost fp when flagged, fraud cost fn when missed, per-kind costs replace either', () => {
    const costs = accountCosts(truth, CostModelSchema.parse({ fp: 1, fn: 5, byKind: { household: 20 } }));
    expect(Array.from(costs.ifFlagged)).toEqual([0, 0, 20, 1, 0]);
    expect(Array.from(costs.ifMissed)).toEqual([5, 5, 0, 0, 0]);
  });
});

describe('minimizeCost', () => {
  const { ifFlagged, ifMissed } = accountCosts(truth, CostModelSchema.parse({ fp: 1, fn: 5 }));

  it('frauds at 0.9 and 0.7, a benign at 0.8: flagging down to 0.7 costs 1 (one FP) instead of 10', () => {
    const risk = [0.9, 0.7, 0.8, 0.1, 0.95];
    expect(minimizeCost(risk, ifFlagged, ifMissed)).toEqual({ threshold: 0.7, cost: 1, flagged: 4, costOfFlaggingNothing: 10 });
  });

  it('when every flag costs more than it saves, flagging nothing is cheapest', () => {
    const expensive = accountCosts(truth, CostModelSchema.parse({ fp: 100, fn: 1 }));
    const risk = [0.5, 0.5, 0.9, 0.9, 0];
    expect(minimizeCost(risk, expensive.ifFlagged, expensive.ifMissed)).toEqual({ threshold: null, cost: 2, flagged: 0, costOfFlaggingNothing: 2 });
  });
});
