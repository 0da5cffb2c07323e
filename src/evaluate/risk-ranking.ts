// Ranking metrics (precision at K, average precision) under cluster-bootstrap weights, in one pass over a presorted
// order: the sort happens once, each resample only re-weights. Accounts at risk 0 are one tie group, taken from totals.
import { FRAUD, BENIGN } from './ground-truth.js';

export interface RiskRanking {
  /** Accounts with risk > 0, riskiest first. */
  order: Int32Array;
  /** groupEnd[g] = end (exclusive) in `order` of tie group g; groups are runs of equal risk. */
  groupEnds: Int32Array;
  label: Int8Array;
  clusterOf: Int32Array;
}

export function buildRiskRanking(risk: ArrayLike<number>, label: Int8Array, clusterOf: Int32Array): RiskRanking {
  const ranked: number[] = [];
  for (let i = 0; i < risk.length; i++) if (risk[i]! > 0) ranked.push(i);
  ranked.sort((a, b) => risk[b]! - risk[a]! || a - b);
  const order = Int32Array.from(ranked);
  const ends: number[] = [];
  for (let k = 1; k <= order.length; k++) if (k === order.length || risk[order[k]!] !== risk[order[k - 1]!]) ends.push(k);
  return { order, groupEnds: Int32Array.from(ends), label, clusterOf };
}

/** Weighted totals of the whole (resampled) population, needed for the risk-0 group. */
export interface RankingTotals {
  accounts: number;
  labelled: number;
  fraud: number;
}

const weightOf = (ranking: RiskRanking, multiplicity: Int32Array | null, i: number): number =>
  multiplicity === null ? 1 : multiplicity[ranking.clusterOf[i]!]!;

/**
 * Precision among the labelled accounts of the K riskiest accounts (labelled or not: K is an action budget).
 * A tie group straddling K is taken in proportion. Null when the top K holds no labelled account.
 */
export function precisionAtK(ranking: RiskRanking, k: number, totals: RankingTotals, multiplicity: Int32Array | null): number | null {
  let taken = 0;
  let fraud = 0;
  let labelled = 0;
  let start = 0;
  for (let g = 0; g < ranking.groupEnds.length && taken < k; g++) {
    const end = ranking.groupEnds[g]!;
    let weight = 0;
    let groupFraud = 0;
    let groupLabelled = 0;
    for (let p = start; p < end; p++) {
      const i = ranking.order[p]!;
      const w = weightOf(ranking, multiplicity, i);
      weight += w;
      const l = ranking.label[i];
      if (l === FRAUD) groupFraud += w;
      if (l === FRAUD || l === BENIGN) groupLabelled += w;
    }
    start = end;
    if (weight === 0) continue;
    const share = Math.min(1, (k - taken) / weight);
    taken += share * weight;
    fraud += share * groupFraud;
    labelled += share * groupLabelled;
  }
  if (taken < k) {
    // the rest of the budget comes from the risk-0 group
    const ranked = sumWeights(ranking, multiplicity);
    const restAccounts = totals.accounts - ranked.accounts;
    if (restAccounts > 0) {
      const share = Math.min(1, (k - taken) / restAccounts);
      fraud += share * (totals.fraud - ranked.fraud);
      labelled += share * (totals.labelled - ranked.labelled);
    }
  }
  return labelled > 0 ? fraud / labelled : null;
}

function sumWeights(ranking: RiskRanking, multiplicity: Int32Array | null): RankingTotals {
  const sums: RankingTotals = { accounts: 0, labelled: 0, fraud: 0 };
  for (let p = 0; p < ranking.order.length; p++) {
    const i = ranking.order[p]!;
    const w = weightOf(ranking, multiplicity, i);
    sums.accounts += w;
    const l = ranking.label[i];
    if (l === FRAUD) sums.fraud += w;
    if (l === FRAUD || l === BENIGN) sums.labelled += w;
  }
  return sums;
}

/**
 * Average precision over labelled accounts, tie groups as one threshold (as averagePrecision in
 * average-precision.ts, which this matches exactly without weights). Null when no labelled account is fraud.
 */
export function weightedAveragePrecision(ranking: RiskRanking, totals: RankingTotals, multiplicity: Int32Array | null): number | null {
  if (totals.fraud <= 0) return null;
  let tp = 0;
  let seen = 0;
  let previousRecall = 0;
  let sum = 0;
  let start = 0;
  const step = () => {
    const recall = tp / totals.fraud;
    if (recall > previousRecall) {
      sum += (recall - previousRecall) * (tp / seen);
      previousRecall = recall;
    }
  };
  for (let g = 0; g < ranking.groupEnds.length; g++) {
    const end = ranking.groupEnds[g]!;
    for (let p = start; p < end; p++) {
      const i = ranking.order[p]!;
      const l = ranking.label[i];
      if (l !== FRAUD && l !== BENIGN) continue;
      const w = weightOf(ranking, multiplicity, i);
      seen += w;
      if (l === FRAUD) tp += w;
    }
    start = end;
    if (seen > 0) step();
  }
  // the risk-0 group: everything labelled not seen yet
  if (totals.labelled > seen) {
    tp = totals.fraud;
    seen = totals.labelled;
    step();
  }
  return sum;
}
