// Ranking metrics (precision at K, average precision) under cluster-bootstrap weights. The sort happens once: accounts
// with risk > 0 become cells (one per tie group and cluster, with account, labelled and fraud counts), so a resample
// only re-weights cells; ring members share a risk, so a ring is one or two cells. Accounts at risk 0 come from totals.
import { BENIGN, FRAUD } from './ground-truth.js';

export interface RiskRanking {
  cellCluster: Int32Array;
  cellAccounts: Float64Array;
  cellLabelled: Float64Array;
  cellFraud: Float64Array;
  /** groupEnds[g] = end (exclusive) of tie group g's cells; groups run from the highest risk down. */
  groupEnds: Int32Array;
}

export function buildRiskRanking(risk: ArrayLike<number>, label: ArrayLike<number>, clusterOf: ArrayLike<number>): RiskRanking {
  const ranked: number[] = [];
  for (let i = 0; i < risk.length; i++) if (risk[i]! > 0) ranked.push(i);
  ranked.sort((a, b) => risk[b]! - risk[a]! || clusterOf[a]! - clusterOf[b]! || a - b);
  const cluster: number[] = [];
  const accounts: number[] = [];
  const labelled: number[] = [];
  const fraud: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < ranked.length; k++) {
    const i = ranked[k]!;
    const previous = k > 0 ? ranked[k - 1]! : -1;
    const newGroup = k === 0 || risk[i] !== risk[previous];
    if (newGroup && k > 0) ends.push(cluster.length);
    if (newGroup || clusterOf[i] !== clusterOf[previous]) {
      cluster.push(clusterOf[i]!);
      accounts.push(0);
      labelled.push(0);
      fraud.push(0);
    }
    const c = cluster.length - 1;
    accounts[c]!++;
    if (label[i] === FRAUD || label[i] === BENIGN) labelled[c]!++;
    if (label[i] === FRAUD) fraud[c]!++;
  }
  if (ranked.length > 0) ends.push(cluster.length);
  return {
    cellCluster: Int32Array.from(cluster),
    cellAccounts: Float64Array.from(accounts),
    cellLabelled: Float64Array.from(labelled),
    cellFraud: Float64Array.from(fraud),
    groupEnds: Int32Array.from(ends),
  };
}

/** Weighted totals of the whole (resampled) population, needed for the risk-0 group. */
export interface RankingTotals {
  accounts: number;
  labelled: number;
  fraud: number;
}

const weightOf = (ranking: RiskRanking, multiplicity: Int32Array | null, cell: number): number =>
  multiplicity === null ? 1 : multiplicity[ranking.cellCluster[cell]!]!;

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
    let groupAccounts = 0;
    let groupFraud = 0;
    let groupLabelled = 0;
    for (let cell = start; cell < end; cell++) {
      const w = weightOf(ranking, multiplicity, cell);
      groupAccounts += w * ranking.cellAccounts[cell]!;
      groupFraud += w * ranking.cellFraud[cell]!;
      groupLabelled += w * ranking.cellLabelled[cell]!;
    }
    start = end;
    if (groupAccounts === 0) continue;
    const share = Math.min(1, (k - taken) / groupAccounts);
    taken += share * groupAccounts;
    fraud += share * groupFraud;
    labelled += share * groupLabelled;
  }
  if (taken < k) {
    // the rest of the budget comes from the risk-0 group
    const ranked = rankedTotals(ranking, multiplicity);
    const restAccounts = totals.accounts - ranked.accounts;
    if (restAccounts > 0) {
      const share = Math.min(1, (k - taken) / restAccounts);
      fraud += share * (totals.fraud - ranked.fraud);
      labelled += share * (totals.labelled - ranked.labelled);
    }
  }
  return labelled > 0 ? fraud / labelled : null;
}

function rankedTotals(ranking: RiskRanking, multiplicity: Int32Array | null): RankingTotals {
  const sums: RankingTotals = { accounts: 0, labelled: 0, fraud: 0 };
  for (let cell = 0; cell < ranking.cellCluster.length; cell++) {
    const w = weightOf(ranking, multiplicity, cell);
    sums.accounts += w * ranking.cellAccounts[cell]!;
    sums.labelled += w * ranking.cellLabelled[cell]!;
    sums.fraud += w * ranking.cellFraud[cell]!;
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
  const step = () => {
    const recall = tp / totals.fraud;
    if (recall > previousRecall) {
      sum += (recall - previousRecall) * (tp / seen);
      previousRecall = recall;
    }
  };
  let start = 0;
  for (let g = 0; g < ranking.groupEnds.length; g++) {
    const end = ranking.groupEnds[g]!;
    for (let cell = start; cell < end; cell++) {
      const w = weightOf(ranking, multiplicity, cell);
      seen += w * ranking.cellLabelled[cell]!;
      tp += w * ranking.cellFraud[cell]!;
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
