// compareStrategies: two strategies' findings on the same ground truth, each metric with a cluster-bootstrap interval,
// and the paired difference B − A with its BCa interval and p-value. The same resamples serve A and B (a paired design).
import { z } from 'zod';
import { createRng } from '../lib/rng.js';
import { RingscanError } from '../schema/errors.js';
import type { AlignedFindings } from './align-findings.js';
import { bcaInterval, bcaPValue } from './bca-interval.js';
import { drawMultiplicities, sumColumn } from './cluster-bootstrap.js';
import { buildClusterUnits } from './cluster-units.js';
import { CLUSTER_SCORE_DEFAULTS, clusterScoreInterval } from './cluster-score-interval.js';
import { clusterParts, jackknifeValues, kindsOf, RANKING_SLOTS, sharedColumns, slotsOf, strategyTables, type StrategyTables } from './comparison-columns.js';
import { clusterDesignOf, kindMetrics, nullable, orNaN, overallMetrics, OVERALL_COUNT, type Metric } from './comparison-metrics.js';
import type { Comparison, Estimate, KindComparison, MetricComparison } from './comparison-schema.js';
import { CostModelSchema } from './cost-model.js';
import { EVALUATE_DEFAULTS } from './evaluation-schema.js';
import { assertGroundTruth, type GroundTruth } from './ground-truth.js';
import { precisionAtK, weightedAveragePrecision, type RankingTotals } from './risk-ranking.js';
import { groupTrueRings } from './true-rings.js';

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
    /** A and B's own intervals for ratio metrics: cluster-score (default: each metric's design, clusterDesignOf),
     * its plain Korn–Graubard form (linearization for every ratio, no pseudo-cluster), or BCa (the method before). */
    ratioInterval: z.enum(['cluster-score', 'korn-graubard', 'bca']).default('cluster-score'),
  })
  .strict();
export type CompareOptions = z.infer<typeof CompareOptionsSchema>;
export type CompareOptionsInput = z.input<typeof CompareOptionsSchema>;

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

/**
 * Resampling units are the connected groups of true rings and of both strategies' flagged rings, and every other
 * account alone: ring members are not independent (a ring is caught or missed as one, a flagged office is one false
 * positive event, not thirty), so resampling accounts one by one would make intervals too narrow. Pure and seeded.
 */
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
  if (tablesA.table.names.join('\n') !== tablesB.table.names.join('\n')) throw new Error('strategy columns differ between A and B');
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
  const partsA = clusterParts(metrics, shared, tablesA.table, RANKING_SLOTS.length, units.count);
  const partsB = clusterParts(metrics, shared, tablesB.table, RANKING_SLOTS.length, units.count);
  const alpha = 1 - settings.confidence;
  // ratios of cluster counts get the cluster-score interval (BCa collapses to [1, 1] at the boundary: measured in
  // scripts/compare-coverage.ts); the rest keep BCa
  const estimate = (metric: Metric, value: number | null, draws: Draws, jackknife: Float64Array | null, parts: { num: Float64Array; den: Float64Array } | null): Estimate => {
    if (value === null) return { value, low: null, high: null };
    if (parts && settings.ratioInterval !== 'bca') {
      const isDefault = settings.ratioInterval === 'cluster-score';
      const score = clusterScoreInterval(parts.num, parts.den, {
        confidence: settings.confidence,
        design: isDefault ? clusterDesignOf(metric.metric) : 'linearization',
        pseudoClusterShare: isDefault ? CLUSTER_SCORE_DEFAULTS.pseudoClusterShare : 0,
      });
      if (score) return { value, low: score.low, high: score.high, effectiveN: score.effectiveN, denominator: score.denominator, clusters: score.clusters };
    }
    const interval = bcaInterval(draws.view(), value, jackknife, settings.confidence);
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
      estimateInterval: metric.parts && settings.ratioInterval !== 'bca' ? 'cluster-score' : metric.usesRanking ? 'bc-percentile' : 'bca',
      a: estimate(metric, va, drawsA[k]!, jkA, partsA[k]!),
      b: estimate(metric, vb, drawsB[k]!, jkB, partsB[k]!),
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
