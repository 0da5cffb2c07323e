// Difference-in-differences without a holdout: a strategy change touched the treated segment and not the comparison
// segment; the effect is (treated post − pre) − (comparison post − pre) per account. Estimand: the average effect
// on the treated accounts, under parallel trends. It is the ring estimator of ring-effect.ts with θ fixed at 1, so
// intervals are clustered the same way (by the `cluster` column: rings, or accounts alone).
import { RingscanError } from '../schema/errors.js';
import type { DidResult, OutcomeRow, SegmentRow } from '../schema/experiment.js';
import { estimateRingEffect, type RingTotals } from './ring-effect.js';

export const DID_ASSUMPTIONS = [
  'Parallel trends: without the change, treated and comparison accounts would have moved by the same amount from the pre to the post period. It cannot be tested with one pre-period; a large pre-period gap makes it less believable.',
  'No spill-over: the change did not affect the comparison segment (enforcing a ring can push abuse onto neighbours).',
  'Stable composition: the same accounts are measured before and after; the segments were chosen before the post period was seen.',
  'Not randomized: regression to the mean can fake an effect when the treated segment was chosen for its high pre-period values (flagged rings are).',
];

export function differenceInDifferences(segments: readonly SegmentRow[], outcomes: readonly OutcomeRow[], confidence: number): DidResult {
  const clusterIndex = new Map<string, number>();
  const clusterArm: number[] = [];
  const accountCluster = new Map<string, number>();
  for (const row of segments) {
    let c = clusterIndex.get(row.cluster);
    const arm = row.segment === 'treated' ? 1 : 0;
    if (c === undefined) {
      clusterIndex.set(row.cluster, (c = clusterArm.length));
      clusterArm.push(arm);
    } else if (clusterArm[c] !== arm) throw new RingscanError('BAD_USAGE', `cluster ${row.cluster} is in both segments`);
    accountCluster.set(row.account, c);
  }
  const arm = Uint8Array.from(clusterArm);
  const byMetric = new Map<string, RingTotals>();
  for (const row of outcomes) {
    const c = accountCluster.get(row.account);
    if (c === undefined) continue;
    let t = byMetric.get(row.metric);
    if (!t) byMetric.set(row.metric, (t = { arm, accounts: new Float64Array(arm.length), post: new Float64Array(arm.length), pre: new Float64Array(arm.length) }));
    t.accounts[c]!++;
    t.post[c]! += row.post;
    t.pre[c]! += row.pre;
  }
  if (byMetric.size === 0) throw new RingscanError('BAD_USAGE', 'no outcome row belongs to an account in the segments');
  const alpha = 1 - confidence;
  const metrics = [...byMetric.keys()].sort().map((metric) => {
    let r;
    try {
      r = estimateRingEffect(byMetric.get(metric)!, 1, confidence);
    } catch (error) {
      throw new RingscanError('BAD_USAGE', `metric ${metric}: ${(error as Error).message.replace('enforced', 'treated').replace('held out', 'comparison')}`);
    }
    return {
      metric,
      clusters: { treated: r.rings.enforce, comparison: r.rings.holdout },
      mean: { treatedPre: r.means.preEnforce, treatedPost: r.means.enforce, comparisonPre: r.means.preHoldout, comparisonPost: r.means.holdout },
      // relative effect against the treated group's counterfactual post mean is not what ring-effect's ratio is; report the difference only
      effect: { ...r.effect, relative: null, relativeLow: null, relativeHigh: null },
      preGap: r.means.preEnforce - r.means.preHoldout,
    };
  });
  const moved = metrics.filter((m) => m.effect.pValue < alpha);
  const verdict =
    moved.length === 0
      ? `No metric changed detectably more in the treated segment than in the comparison segment (${Math.round(confidence * 100)} % intervals). Not randomized: read with the assumptions below.`
      : `Against the comparison segment, the change moved ${moved.map((m) => `${m.metric} by ${m.effect.difference.toPrecision(3)} per account [${m.effect.low.toPrecision(3)}, ${m.effect.high.toPrecision(3)}]`).join('; ')} (${Math.round(confidence * 100)} % intervals, uncorrected for many metrics). Not randomized: it holds only under the assumptions below.`;
  return { method: 'difference-in-differences', confidence, metrics, assumptions: DID_ASSUMPTIONS, verdict };
}

export function formatDifferenceInDifferences(result: DidResult): string {
  const g = (x: number) => x.toPrecision(3);
  const lines = result.metrics.map(
    (m) =>
      `${m.metric}: treated ${g(m.mean.treatedPre)} → ${g(m.mean.treatedPost)}, comparison ${g(m.mean.comparisonPre)} → ${g(m.mean.comparisonPost)}; DiD ${g(m.effect.difference)} [${g(m.effect.low)}, ${g(m.effect.high)}], p = ${m.effect.pValue.toFixed(3)} (${m.clusters.treated} / ${m.clusters.comparison} clusters; pre-period gap ${g(m.preGap)})`,
  );
  return [...lines, '', result.verdict, 'assumptions:', ...result.assumptions.map((a) => `  - ${a}`)].join('\n') + '\n';
}
