// The metrics strategy comparison reports, each a function of per-cluster column totals (so a bootstrap resample
// only re-sums columns) and, for precision at K and PR-AUC, of the strategy's ranking.

/** Column totals of one resample (or of the data itself), in column order; a Slot maps a column name to its index. */
export type Sums = Float64Array;
export type Slot = (name: string) => number;

export interface Metric {
  metric: string;
  label: string;
  higherIsBetter: boolean;
  /** From the shared totals and one strategy's own totals (ranking metrics sit in the last two slots of `own`). */
  compute: (shared: Sums, own: Sums) => number | null;
  /** Precision at K and PR-AUC depend on the ranking, not on cluster totals: no cheap jackknife, so a = 0. */
  usesRanking?: boolean;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
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
    { metric: 'accountPrecision', label: 'account precision', higherIsBetter: true, compute: (_, o) => ratio(o[tp]!, o[tp]! + o[fp]!) },
    { metric: 'accountRecall', label: 'account recall', higherIsBetter: true, compute: (_, o) => ratio(o[tp]!, o[tp]! + o[fn]!) },
    { metric: 'accountF1', label: 'account F1', higherIsBetter: true, compute: (_, o) => ratio(2 * o[tp]!, 2 * o[tp]! + o[fp]! + o[fn]!) },
    { metric: 'flaggedAccounts', label: 'flagged accounts', higherIsBetter: false, compute: (_, o) => o[flagged]! },
    { metric: 'precisionAtK', label: 'precision at K', higherIsBetter: true, compute: (_, o) => nullable(o[pAtK]!), usesRanking: true },
    { metric: 'prAuc', label: 'PR-AUC', higherIsBetter: true, compute: (_, o) => nullable(o[prAuc]!), usesRanking: true },
    { metric: 'ringPrecision', label: 'ring precision', higherIsBetter: true, compute: (_, o) => ratio(o[ringsMatched]!, o[ringsFlagged]!) },
    { metric: 'ringRecall', label: 'ring recall', higherIsBetter: true, compute: (s, o) => ratio(o[ringsDetected]!, s[trueRings]!) },
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
    return [{ metric: `flaggedShare:${kind}`, label: `${kind} flagged share`, higherIsBetter: false, compute: (s, o) => ratio(o[flagged]!, s[accounts]!) }];
  }
  const rings = S(`rings:${kind}`);
  const detected = O(`detected:${kind}`);
  return [
    { metric: `recall:${kind}`, label: `${kind} account recall`, higherIsBetter: true, compute: (s, o) => ratio(o[flagged]!, s[accounts]!) },
    { metric: `ringRecall:${kind}`, label: `${kind} ring recall`, higherIsBetter: true, compute: (s, o) => ratio(o[detected]!, s[rings]!) },
  ];
}
