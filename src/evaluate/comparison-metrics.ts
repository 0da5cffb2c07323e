// The metrics strategy comparison reports, each a function of per-cluster column totals (so a bootstrap resample
// only re-sums columns) and, for precision at K and PR-AUC, of the strategy's ranking.
import type { ClusterDesign } from './cluster-score-interval.js';

/** Column totals of one resample (or of the data itself), in column order; a Slot maps a column name to its index. */
export type Sums = Float64Array;
export type Slot = (name: string) => number;

export interface Metric {
  metric: string;
  label: string;
  higherIsBetter: boolean;
  /** From the shared totals and one strategy's own totals (ranking metrics sit in the last two slots of `own`). */
  compute: (shared: Sums, own: Sums) => number | null;
  /** For a ratio of cluster counts (0 ≤ numerator ≤ denominator per cluster): its two parts, linear in the sums, so
   * they can be taken per cluster; such metrics get a cluster-score interval of their own. */
  parts?: (shared: Sums, own: Sums) => [number, number];
  /** Precision at K and PR-AUC depend on the ranking, not on cluster totals: no cheap jackknife, so a = 0. */
  usesRanking?: boolean;
}

/** Precision's denominator is what was flagged, its failures rare heavy clusters a sample may not hold: all-or-nothing
 * (Kish). Recall's and a flagged share's denominator is fixed by the truth: the sample's own variance (linearization). */
const ALL_OR_NOTHING = new Set(['accountPrecision', 'ringPrecision']);
export const clusterDesignOf = (metric: string): ClusterDesign => (ALL_OR_NOTHING.has(metric) ? 'all-or-nothing' : 'linearization');

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
/** A metric num / den of cluster sums with its parts exposed. */
const ratioMetric = (metric: string, label: string, higherIsBetter: boolean, parts: (s: Sums, o: Sums) => [number, number]): Metric => ({
  metric,
  label,
  higherIsBetter,
  compute: (s, o) => ratio(...parts(s, o)),
  parts,
});
const f1Of = (p: number | null, r: number | null): number | null => (p === null || r === null ? null : p + r > 0 ? (2 * p * r) / (p + r) : 0);
/** NaN carries "undefined" through the typed sums. */
export const nullable = (x: number | null): number | null => (x === null || Number.isNaN(x) ? null : x);
export const orNaN = (x: number | null): number => (x === null ? Number.NaN : x);

export const OVERALL_COUNT = 10;

export function overallMetrics(S: Slot, O: Slot): Metric[] {
  const [tp, fp, fn, flagged, cost] = [O('tp'), O('fp'), O('fn'), O('flagged'), O('cost')];
  const [ringsFlagged, ringsMatched, ringsDetected, pAtK, prAuc] = [O('ringsFlagged'), O('ringsMatched'), O('ringsDetected'), O('precisionAtK'), O('prAuc')];
  const [trueRings, labelled] = [S('trueRings'), S('labelled')];
  const metrics: Metric[] = [
    ratioMetric('accountPrecision', 'account precision', true, (_, o) => [o[tp]!, o[tp]! + o[fp]!]),
    ratioMetric('accountRecall', 'account recall', true, (_, o) => [o[tp]!, o[tp]! + o[fn]!]),
    ratioMetric('accountF1', 'account F1', true, (_, o) => [2 * o[tp]!, 2 * o[tp]! + o[fp]! + o[fn]!]),
    { metric: 'flaggedAccounts', label: 'flagged accounts', higherIsBetter: false, compute: (_, o) => o[flagged]! },
    { metric: 'precisionAtK', label: 'precision at K', higherIsBetter: true, compute: (_, o) => nullable(o[pAtK]!), usesRanking: true },
    { metric: 'prAuc', label: 'PR-AUC', higherIsBetter: true, compute: (_, o) => nullable(o[prAuc]!), usesRanking: true },
    ratioMetric('ringPrecision', 'ring precision', true, (_, o) => [o[ringsMatched]!, o[ringsFlagged]!]),
    ratioMetric('ringRecall', 'ring recall', true, (s, o) => [o[ringsDetected]!, s[trueRings]!]),
    {
      metric: 'ringF1',
      label: 'ring F1',
      higherIsBetter: true,
      compute: (s, o) => f1Of(ratio(o[ringsMatched]!, o[ringsFlagged]!), ratio(o[ringsDetected]!, s[trueRings]!)),
    },
    { metric: 'costPerThousand', label: 'cost per 1,000 labelled', higherIsBetter: false, compute: (s, o) => ratio(1000 * o[cost]!, s[labelled]!) },
  ];
  if (metrics.length !== OVERALL_COUNT) throw new Error('OVERALL_COUNT is out of date');
  return metrics;
}

export function kindMetrics(side: 'fraud' | 'benign', kind: string, S: Slot, O: Slot): Metric[] {
  const accounts = S(`accounts:${kind}`);
  const flagged = O(`flagged:${kind}`);
  if (side === 'benign') {
    return [ratioMetric(`flaggedShare:${kind}`, `${kind} flagged share`, false, (s, o) => [o[flagged]!, s[accounts]!])];
  }
  const rings = S(`rings:${kind}`);
  const detected = O(`detected:${kind}`);
  return [
    ratioMetric(`recall:${kind}`, `${kind} account recall`, true, (s, o) => [o[flagged]!, s[accounts]!]),
    ratioMetric(`ringRecall:${kind}`, `${kind} ring recall`, true, (s, o) => [o[detected]!, s[rings]!]),
  ];
}
