// analyzeExperiment: assignment + outcomes → per-metric effects (unadjusted and CUPED, ring-clustered), the SRM check,
// the many-metrics correction, guardrails and a verdict in words. Pure: rows in, an Analysis out.
import { RingscanError } from '../schema/errors.js';
import type { Analysis, AssignmentRow, MetricAnalysis, OutcomeRow } from '../schema/experiment.js';
import { adjustPValues, type Correction } from './multiple-testing.js';
import { estimateRingEffect, MIN_ASSIGNMENTS, type RingTotals } from './ring-effect.js';
import { checkSampleRatio } from './srm-check.js';
import { writeVerdict } from './verdict.js';

export const ANALYZE_DEFAULTS = {
  confidence: 0.95,
  correction: 'holm' as Correction,
  /** Re-randomizations of the design behind each p-value and interval (0: Student's t with a skewness correction). */
  permutations: 2000,
};

export interface AnalyzeOptions {
  /** From the design record. */
  design: { run: string; holdout: number; seed: number };
  confidence?: number;
  correction?: Correction;
  permutations?: number;
  /** Seed of the re-randomizations (default: the design's seed); the same inputs give the same analysis. */
  randomizationSeed?: number;
  /** Metrics that must not get worse (appeals, reinstatements…); they are tested but are not what the strategy is for. */
  guardrails?: readonly string[];
  /** Metrics where an increase is good; every other metric is better when it falls (reports, repeat abuse, chargebacks). */
  higherIsBetter?: readonly string[];
}

export function analyzeExperiment(assignment: readonly AssignmentRow[], outcomes: readonly OutcomeRow[], options: AnalyzeOptions): Analysis {
  return analyzeExperimentDetailed(assignment, outcomes, options).analysis;
}

/** analyzeExperiment plus each metric's residual moments (the simulations pool them into a population ρ). */
export function analyzeExperimentDetailed(
  assignment: readonly AssignmentRow[],
  outcomes: readonly OutcomeRow[],
  options: AnalyzeOptions,
): { analysis: Analysis; moments: Map<string, { sEF: number; sFF: number; sEE: number }> } {
  const confidence = options.confidence ?? ANALYZE_DEFAULTS.confidence;
  const correction = options.correction ?? ANALYZE_DEFAULTS.correction;
  const guardrails = new Set(options.guardrails ?? []);
  const higherIsBetter = new Set(options.higherIsBetter ?? []);
  const randomization = { permutations: options.permutations ?? ANALYZE_DEFAULTS.permutations, seed: options.randomizationSeed ?? options.design.seed };

  const ringIndex = new Map<string, number>();
  const ringArm: number[] = [];
  const ringBand: number[] = [];
  const accountRing = new Map<string, number>();
  for (const row of assignment) {
    let r = ringIndex.get(row.ring);
    const arm = row.arm === 'enforce' ? 1 : 0;
    if (r === undefined) {
      ringIndex.set(row.ring, (r = ringArm.length));
      ringArm.push(arm);
      ringBand.push(row.band);
    } else if (ringArm[r] !== arm) throw new RingscanError('BAD_USAGE', `ring ${row.ring} has members in both arms: the assignment is not ring-level`);
    if (accountRing.has(row.account)) throw new RingscanError('BAD_USAGE', `account ${row.account} is assigned twice`);
    accountRing.set(row.account, r);
  }
  const rings = ringArm.length;
  const arm = Uint8Array.from(ringArm);
  const stratum = Int32Array.from(ringBand);

  const byMetric = new Map<string, RingTotals>();
  const seen = new Set<string>();
  const accountsWithOutcomes = new Set<string>();
  const ringsWithOutcomes = new Uint8Array(rings);
  let outcomesOutsideAssignment = 0;
  for (const row of outcomes) {
    const r = accountRing.get(row.account);
    if (r === undefined) {
      outcomesOutsideAssignment++;
      continue;
    }
    const key = `${row.metric}\u0000${row.account}`;
    if (seen.has(key)) throw new RingscanError('BAD_USAGE', `two outcome rows for account ${row.account}, metric ${row.metric}`);
    seen.add(key);
    accountsWithOutcomes.add(row.account);
    ringsWithOutcomes[r] = 1;
    let totals = byMetric.get(row.metric);
    if (!totals) byMetric.set(row.metric, (totals = { arm, stratum, accounts: new Float64Array(rings), post: new Float64Array(rings), pre: new Float64Array(rings) }));
    totals.accounts[r]!++;
    totals.post[r]! += row.post;
    totals.pre[r]! += row.pre;
  }
  if (byMetric.size === 0) throw new RingscanError('BAD_USAGE', 'no outcome row belongs to an assigned account');

  const observed = { enforce: 0, holdout: 0 };
  for (let r = 0; r < rings; r++) if (ringsWithOutcomes[r] === 1) observed[arm[r] === 1 ? 'enforce' : 'holdout']++;
  const srm = checkSampleRatio(observed, options.design.holdout);

  const names = [...byMetric.keys()].sort();
  const rows = names.map((metric) => {
    const totals = byMetric.get(metric)!;
    let unadjusted;
    let cuped;
    try {
      unadjusted = estimateRingEffect(totals, 0, confidence, randomization);
      cuped = estimateRingEffect(totals, 'fit', confidence, randomization);
    } catch (error) {
      throw new RingscanError('BAD_USAGE', `metric ${metric}: ${(error as Error).message}`);
    }
    const uVar = unadjusted.effect.standardError ** 2;
    const cVar = cuped.effect.standardError ** 2;
    return { metric, unadjusted, cuped, varianceReduction: uVar > 0 ? 1 - cVar / uVar : 0 };
  });
  const adjusted = adjustPValues(
    rows.map((row) => row.cuped.effect.pValue),
    correction,
  );
  const alpha = 1 - confidence;
  const metrics: MetricAnalysis[] = rows.map((row, k) => {
    const isHigherBetter = higherIsBetter.has(row.metric);
    const significant = adjusted[k]! < alpha;
    const d = row.cuped.effect.difference;
    return {
      metric: row.metric,
      guardrail: guardrails.has(row.metric),
      higherIsBetter: isHigherBetter,
      accounts: row.cuped.accountsPerArm,
      rings: row.cuped.rings,
      mean: row.cuped.means,
      unadjusted: row.unadjusted.effect,
      cuped: row.cuped.effect,
      theta: row.cuped.theta,
      preCorrelation: row.cuped.correlation,
      varianceReduction: row.varianceReduction,
      adjustedPValue: adjusted[k]!,
      significant,
      call: !significant || d === 0 ? 'no detectable change' : d > 0 === isHigherBetter ? 'better' : 'worse',
    };
  });
  for (const name of guardrails) if (!byMetric.has(name)) throw new RingscanError('BAD_USAGE', `guardrail ${name} is not a metric in the outcomes (metrics: ${names.join(', ')})`);

  const analysis: Omit<Analysis, 'verdict'> = {
    formatVersion: 1,
    kind: 'ringscan-experiment-analysis',
    design: options.design,
    confidence,
    correction,
    srm,
    missing: { assignedWithoutOutcomes: accountRing.size - accountsWithOutcomes.size, outcomesOutsideAssignment },
    metrics,
    method: `ring-randomized holdout; per arm, the mean per account is Σ ring totals / Σ ring accounts with a leave-one-ring-out jackknife variance; CUPED θ fit on ring pre-period totals (refit in each jackknife replicate); ${randomization.permutations > 0 ? `p-values and intervals from the randomization distribution of the studentized difference (${randomization.permutations} re-randomizations of the rings within their score bands; Welch t where the design allows fewer than ${MIN_ASSIGNMENTS} assignments)` : 'Welch t with a skewness correction'}; ${correction === 'holm' ? 'Holm' : 'Benjamini–Hochberg'} over ${metrics.length} metrics; SRM: χ² on ring counts, alarm below p = ${srm.threshold}`,
  };
  return { analysis: { ...analysis, verdict: writeVerdict(analysis) }, moments: new Map(rows.map((row) => [row.metric, row.cuped.moments])) };
}
