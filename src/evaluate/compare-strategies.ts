// compareStrategies: two strategies' findings on the same ground truth, each metric with a cluster-bootstrap interval,
// and the paired difference B − A with its BCa interval and p-value. The same resamples serve A and B (a paired design).
import { z } from 'zod';
import { createRng } from '../detect/seeded-rng.js';
import { RingscanError } from '../schema/errors.js';
import type { AlignedFindings } from './align-findings.js';
import { bcaInterval, bcaPValue } from './bca-interval.js';
import { drawMultiplicities, sparseColumn, sumColumn, type SparseColumn } from './cluster-bootstrap.js';
import { buildClusterUnits, type ClusterUnits } from './cluster-units.js';
import { accountCosts, CostModelSchema, minimizeCost, type CostModel } from './cost-model.js';
import type { Comparison, Estimate, KindComparison, MetricComparison, StrategySummary } from './comparison-schema.js';
import { EVALUATE_DEFAULTS } from './evaluation-schema.js';
import { assertGroundTruth, BENIGN, FRAUD, type GroundTruth } from './ground-truth.js';
import { byText } from './ordering.js';
import { prCurve } from './pr-curve.js';
import { matchRings } from './ring-matching.js';
import { buildRiskRanking, precisionAtK, weightedAveragePrecision, type RankingTotals, type RiskRanking } from './risk-ranking.js';
import { sweepThresholds, thresholdsOf } from './threshold-sweep.js';
import { groupTrueRings, type TrueRings } from './true-rings.js';

export const COMPARE_DEFAULTS = {
  resamples: 1000,
  seed: 1,
  confidence: 0.95,
  /** Action budget for precision at K: the K riskiest accounts. */
  topK: 100,
  matchJaccard: EVALUATE_DEFAULTS.matchJaccard,
};

export const CompareOptionsSchema = z
  .object({
    resamples: z.number().int().min(1).max(100_000).default(COMPARE_DEFAULTS.resamples),
    seed: z.number().int().default(COMPARE_DEFAULTS.seed),
    confidence: z.number().gt(0.5).lt(1).default(COMPARE_DEFAULTS.confidence),
    topK: z.number().int().min(1).default(COMPARE_DEFAULTS.topK),
    matchJaccard: z.number().positive().max(1).default(COMPARE_DEFAULTS.matchJaccard),
    costs: CostModelSchema.default({ fp: 1, fn: 5, byKind: {} }),
    names: z.object({ a: z.string(), b: z.string() }).default({ a: 'A', b: 'B' }),
  })
  .strict();
export type CompareOptions = z.infer<typeof CompareOptionsSchema>;
export type CompareOptionsInput = z.input<typeof CompareOptionsSchema>;

/** Column totals of one resample (or of the data itself), in column order; `at(name)` gives a column's slot. */
type Sums = Float64Array;
type Slot = (name: string) => number;

interface Metric {
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
const nullable = (x: number | null): number | null => (x === null || Number.isNaN(x) ? null : x);
const orNaN = (x: number | null): number => (x === null ? Number.NaN : x);

const OVERALL_COUNT = 10;

function overallMetrics(S: Slot, O: Slot): Metric[] {
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

function kindMetrics(side: 'fraud' | 'benign', kind: string, S: Slot, O: Slot): Metric[] {
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

/** A preallocated list of bootstrap draws (the undefined ones are simply not pushed). */
class Draws {
  private readonly values: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }
  push(value: number): void {
    this.values[this.length++] = value;
  }
  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/** Named per-cluster columns, built densely then stored sparsely, in the order they were first named. */
class Columns {
  readonly dense = new Map<string, Float64Array>();
  constructor(private readonly clusters: number) {}
  add(name: string, cluster: number, amount: number): void {
    let column = this.dense.get(name);
    if (!column) this.dense.set(name, (column = new Float64Array(this.clusters)));
    column[cluster] = column[cluster]! + amount;
  }
  ensure(name: string): void {
    if (!this.dense.has(name)) this.dense.set(name, new Float64Array(this.clusters));
  }
  build(): ColumnTable {
    const names = [...this.dense.keys()];
    const dense = names.map((name) => this.dense.get(name)!);
    return { names, dense, columns: dense.map((values) => sparseColumn(values)) };
  }
}

interface ColumnTable {
  names: string[];
  /** Per column, per cluster (kept for the jackknife). */
  dense: Float64Array[];
  columns: SparseColumn[];
}

const slotsOf = (names: readonly string[]): Slot => {
  const slots = new Map(names.map((name, k) => [name, k] as const));
  return (name) => {
    const slot = slots.get(name);
    if (slot === undefined) throw new Error(`no column ${name}`);
    return slot;
  };
};

interface StrategyTables {
  table: ColumnTable;
  ranking: RiskRanking;
  summary: Omit<StrategySummary, 'name'>;
  flaggedRingsOutsideTruth: number;
}

/** Extra slots after a strategy's columns, filled from its ranking. */
const RANKING_SLOTS = ['precisionAtK', 'prAuc'];

export function compareStrategies(truth: GroundTruth, a: AlignedFindings, b: AlignedFindings, options: CompareOptionsInput = {}): Comparison {
  const settings = CompareOptionsSchema.parse(options);
  assertGroundTruth(truth);
  const n = truth.accounts.length;
  if (n === 0) throw new RingscanError('BAD_USAGE', 'the ground truth has no accounts');
  if (a.risk.length !== n || b.risk.length !== n) throw new RingscanError('BAD_USAGE', 'both strategies must be aligned with the same ground truth');
  const trueRings = groupTrueRings(truth);
  const units = buildClusterUnits(n, [trueRings.ringOf, a.flaggedRingOf, b.flaggedRingOf]);

  const kinds = kindsOf(truth, trueRings);
  const shared = sharedColumns(truth, trueRings, units, kinds);
  const tablesA = strategyTables(truth, trueRings, units, a, kinds, settings);
  const tablesB = strategyTables(truth, trueRings, units, b, kinds, settings);
  // both strategies name the same columns in the same order, so one slot map serves both
  const S = slotsOf(shared.names);
  const O = slotsOf([...tablesA.table.names, ...RANKING_SLOTS]);
  const kindGroups = [
    ...kinds.fraud.map((kind) => ({ side: 'fraud' as const, kind, metrics: kindMetrics('fraud', kind, S, O) })),
    ...kinds.benign.map((kind) => ({ side: 'benign' as const, kind, metrics: kindMetrics('benign', kind, S, O) })),
  ];
  const metrics: Metric[] = [...overallMetrics(S, O), ...kindGroups.flatMap((group) => group.metrics)];

  const [accountsSlot, labelledSlot, fraudSlot] = [S('accounts'), S('labelled'), S('fraud')];
  const [pAtKSlot, prAucSlot] = [O('precisionAtK'), O('prAuc')];
  const sharedSums = new Float64Array(shared.columns.length);
  const own = new Float64Array(tablesA.table.columns.length + RANKING_SLOTS.length);
  const fillShared = (m: Int32Array | null) => {
    for (let k = 0; k < shared.columns.length; k++) sharedSums[k] = sumColumn(shared.columns[k]!, m);
  };
  const evaluate = (tables: StrategyTables, m: Int32Array | null, out: (number | null)[]): void => {
    const columns = tables.table.columns;
    for (let k = 0; k < columns.length; k++) own[k] = sumColumn(columns[k]!, m);
    const totals: RankingTotals = { accounts: sharedSums[accountsSlot]!, labelled: sharedSums[labelledSlot]!, fraud: sharedSums[fraudSlot]! };
    own[pAtKSlot] = orNaN(precisionAtK(tables.ranking, settings.topK, totals, m));
    own[prAucSlot] = orNaN(weightedAveragePrecision(tables.ranking, totals, m));
    for (let k = 0; k < metrics.length; k++) out[k] = nullable(metrics[k]!.compute(sharedSums, own));
  };

  fillShared(null);
  const sharedFull = Float64Array.from(sharedSums);
  const pointA: (number | null)[] = [];
  const pointB: (number | null)[] = [];
  evaluate(tablesA, null, pointA);
  evaluate(tablesB, null, pointB);

  const drawsA = metrics.map(() => new Draws(settings.resamples));
  const drawsB = metrics.map(() => new Draws(settings.resamples));
  const diffs = metrics.map(() => new Draws(settings.resamples));
  const rng = createRng(settings.seed);
  const multiplicity = new Int32Array(units.count);
  const valuesA: (number | null)[] = [];
  const valuesB: (number | null)[] = [];
  for (let r = 0; r < settings.resamples; r++) {
    drawMultiplicities(rng, multiplicity);
    fillShared(multiplicity);
    evaluate(tablesA, multiplicity, valuesA);
    evaluate(tablesB, multiplicity, valuesB);
    for (let k = 0; k < metrics.length; k++) {
      const va = valuesA[k]!;
      const vb = valuesB[k]!;
      if (va !== null) drawsA[k]!.push(va);
      if (vb !== null) drawsB[k]!.push(vb);
      if (va !== null && vb !== null) diffs[k]!.push(vb - va);
    }
  }

  const jackknifeA = jackknifeValues(metrics, shared, tablesA.table, RANKING_SLOTS.length, units.count);
  const jackknifeB = jackknifeValues(metrics, shared, tablesB.table, RANKING_SLOTS.length, units.count);
  const alpha = 1 - settings.confidence;
  const estimate = (value: number | null, draws: Draws, jackknife: Float64Array | null): Estimate => {
    const interval = value === null ? null : bcaInterval(draws.view(), value, jackknife, settings.confidence);
    return { value, low: interval?.low ?? null, high: interval?.high ?? null };
  };
  const rows: MetricComparison[] = metrics.map((metric, k) => {
    const va = pointA[k]!;
    const vb = pointB[k]!;
    const jkA = jackknifeA[k]!;
    const jkB = jackknifeB[k]!;
    const jkDiff = jkA === null || jkB === null ? null : jkB.map((u, c) => u - jkA[c]!);
    const defined = va !== null && vb !== null;
    const interval = defined ? bcaInterval(diffs[k]!.view(), vb - va, jkDiff, settings.confidence) : null;
    const pValue = defined ? bcaPValue(diffs[k]!.view(), vb - va, jkDiff) : null;
    return {
      metric: metric.metric,
      label: metric.label,
      higherIsBetter: metric.higherIsBetter,
      interval: metric.usesRanking ? 'bc-percentile' : 'bca',
      a: estimate(va, drawsA[k]!, jkA),
      b: estimate(vb, drawsB[k]!, jkB),
      difference: {
        value: defined ? vb - va : null,
        low: interval?.low ?? null,
        high: interval?.high ?? null,
        pValue,
        significant: pValue !== null && pValue < alpha,
      },
      undefinedResamples: settings.resamples - diffs[k]!.length,
    };
  });

  const overall = rows.slice(0, OVERALL_COUNT);
  const byKind: KindComparison[] = [];
  let offset = OVERALL_COUNT;
  for (const group of kindGroups) {
    byKind.push({
      kind: group.kind,
      side: group.side,
      accounts: sharedFull[S(`accounts:${group.kind}`)]!,
      rings: group.side === 'fraud' ? sharedFull[S(`rings:${group.kind}`)]! : 0,
      metrics: rows.slice(offset, offset + group.metrics.length),
    });
    offset += group.metrics.length;
  }

  let multiAccountClusters = 0;
  let largestCluster = 0;
  for (const size of units.sizes) {
    if (size > 1) multiAccountClusters++;
    largestCluster = Math.max(largestCluster, size);
  }
  return {
    formatVersion: 1,
    kind: 'ringscan-comparison',
    a: { name: settings.names.a, ...tablesA.summary },
    b: { name: settings.names.b, ...tablesB.summary },
    options: {
      resamples: settings.resamples,
      seed: settings.seed,
      confidence: settings.confidence,
      topK: settings.topK,
      matchJaccard: settings.matchJaccard,
      costs: settings.costs,
    },
    units: {
      accounts: n,
      labelled: sharedFull[S('labelled')]!,
      clusters: units.count,
      multiAccountClusters,
      largestCluster,
      flaggedRingsOutsideTruth: Math.max(tablesA.flaggedRingsOutsideTruth, tablesB.flaggedRingsOutsideTruth),
    },
    metrics: overall,
    byKind,
  };
}

/**
 * Per metric (null for ranking metrics), the metric with each cluster left out in turn, from totals minus that
 * cluster's column values: O(clusters × columns), no re-evaluation of the data. NaN where it is undefined.
 */
function jackknifeValues(metrics: Metric[], shared: ColumnTable, own: ColumnTable, extraSlots: number, clusters: number): (Float64Array | null)[] {
  const sharedTotal = Float64Array.from(shared.columns, (column) => sumColumn(column, null));
  const ownTotal = Float64Array.from(own.columns, (column) => sumColumn(column, null));
  const sharedLoo = new Float64Array(sharedTotal.length);
  const ownLoo = new Float64Array(ownTotal.length + extraSlots).fill(Number.NaN);
  const out = metrics.map((metric) => (metric.usesRanking ? null : new Float64Array(clusters)));
  for (let c = 0; c < clusters; c++) {
    for (let k = 0; k < sharedTotal.length; k++) sharedLoo[k] = sharedTotal[k]! - shared.dense[k]![c]!;
    for (let k = 0; k < ownTotal.length; k++) ownLoo[k] = ownTotal[k]! - own.dense[k]![c]!;
    for (let m = 0; m < metrics.length; m++) {
      const values = out[m];
      if (values) values[c] = orNaN(metrics[m]!.compute(sharedLoo, ownLoo));
    }
  }
  return out;
}

function kindsOf(truth: GroundTruth, trueRings: TrueRings): { fraud: string[]; benign: string[] } {
  const fraud = new Set<string>();
  const benign = new Set<string>();
  for (let i = 0; i < truth.accounts.length; i++) {
    const kind = truth.kind[i];
    if (kind === undefined) continue;
    if (truth.label[i] === FRAUD) fraud.add(kind);
    else if (truth.label[i] === BENIGN) benign.add(kind);
  }
  for (const kind of trueRings.kinds) if (kind !== null) fraud.add(kind);
  return { fraud: [...fraud].sort(byText), benign: [...benign].sort(byText) };
}

function sharedColumns(truth: GroundTruth, trueRings: TrueRings, units: ClusterUnits, kinds: { fraud: string[]; benign: string[] }): ColumnTable {
  const columns = new Columns(units.count);
  for (const name of ['accounts', 'labelled', 'fraud', 'trueRings']) columns.ensure(name);
  for (const kind of kinds.fraud) {
    columns.ensure(`accounts:${kind}`);
    columns.ensure(`rings:${kind}`);
  }
  for (const kind of kinds.benign) columns.ensure(`accounts:${kind}`);
  for (let i = 0; i < truth.accounts.length; i++) {
    const c = units.clusterOf[i]!;
    const label = truth.label[i]!;
    const kind = truth.kind[i];
    columns.add('accounts', c, 1);
    if (label === FRAUD || label === BENIGN) columns.add('labelled', c, 1);
    if (label === FRAUD) columns.add('fraud', c, 1);
    if (kind !== undefined && (label === FRAUD || label === BENIGN)) columns.add(`accounts:${kind}`, c, 1);
  }
  const firstMember = firstMembers(trueRings);
  trueRings.ids.forEach((_, t) => {
    const c = units.clusterOf[firstMember[t]!]!;
    columns.add('trueRings', c, 1);
    const kind = trueRings.kinds[t];
    if (kind !== null && kind !== undefined) columns.add(`rings:${kind}`, c, 1);
  });
  return columns.build();
}

function firstMembers(trueRings: TrueRings): Int32Array {
  const first = new Int32Array(trueRings.ids.length).fill(-1);
  for (let i = 0; i < trueRings.ringOf.length; i++) {
    const t = trueRings.ringOf[i]!;
    if (t >= 0 && first[t] === -1) first[t] = i;
  }
  return first;
}

function strategyTables(
  truth: GroundTruth,
  trueRings: TrueRings,
  units: ClusterUnits,
  aligned: AlignedFindings,
  kinds: { fraud: string[]; benign: string[] },
  settings: CompareOptions,
): StrategyTables {
  const columns = new Columns(units.count);
  for (const name of ['tp', 'fp', 'fn', 'flagged', 'cost', 'ringsFlagged', 'ringsMatched', 'ringsDetected']) columns.ensure(name);
  for (const kind of kinds.fraud) {
    columns.ensure(`flagged:${kind}`);
    columns.ensure(`detected:${kind}`);
  }
  for (const kind of kinds.benign) columns.ensure(`flagged:${kind}`);
  const costs: CostModel = settings.costs;
  const { ifFlagged, ifMissed } = accountCosts(truth, costs);
  let flagged = 0;
  for (let i = 0; i < truth.accounts.length; i++) {
    const c = units.clusterOf[i]!;
    const label = truth.label[i]!;
    const isFlagged = aligned.isFlagged[i] === 1;
    const kind = truth.kind[i];
    if (isFlagged) {
      flagged++;
      columns.add('flagged', c, 1);
      if (label === FRAUD) columns.add('tp', c, 1);
      else if (label === BENIGN) columns.add('fp', c, 1);
      if (kind !== undefined && (label === FRAUD || label === BENIGN)) columns.add(`flagged:${kind}`, c, 1);
      columns.add('cost', c, ifFlagged[i]!);
    } else {
      if (label === FRAUD) columns.add('fn', c, 1);
      columns.add('cost', c, ifMissed[i]!);
    }
  }
  const matches = matchRings(trueRings.ringOf, trueRings.sizes, aligned.flaggedRings);
  let flaggedRingsOutsideTruth = 0;
  aligned.flaggedRings.forEach((ring, p) => {
    if (ring.known.length === 0) {
      flaggedRingsOutsideTruth++;
      return;
    }
    const c = units.clusterOf[ring.known[0]!]!;
    columns.add('ringsFlagged', c, 1);
    if (matches.predictedBest[p]! >= settings.matchJaccard) columns.add('ringsMatched', c, 1);
  });
  const firstMember = firstMembers(trueRings);
  trueRings.ids.forEach((_, t) => {
    if (matches.trueBest[t]! < settings.matchJaccard) return;
    const c = units.clusterOf[firstMember[t]!]!;
    columns.add('ringsDetected', c, 1);
    const kind = trueRings.kinds[t];
    if (kind !== null && kind !== undefined) columns.add(`detected:${kind}`, c, 1);
  });

  const table = columns.build();
  const total = (name: string) => sumColumn(table.columns[table.names.indexOf(name)]!, null);
  const labelled = truth.label.reduce((sum, l) => sum + (l === FRAUD || l === BENIGN ? 1 : 0), 0);
  const cost = total('cost');
  return {
    table,
    ranking: buildRiskRanking(aligned.risk, truth.label, units.clusterOf),
    flaggedRingsOutsideTruth,
    summary: {
      flagged,
      ringsFlagged: aligned.flaggedRings.length,
      cost: {
        total: cost,
        perThousandLabelled: labelled > 0 ? (1000 * cost) / labelled : null,
        optimum: minimizeCost(aligned.risk, ifFlagged, ifMissed),
      },
      sweep: sweepThresholds(aligned.risk, truth.label, thresholdsOf(EVALUATE_DEFAULTS.sweep)),
      prCurve: prCurve(aligned.risk, truth.label),
    },
  };
}
