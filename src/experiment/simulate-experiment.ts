// One simulated enforcement experiment, end to end through the real pieces: flagged rings of skewed sizes (90 % fraud
// rings), a ring-level assignment (designHoldout, or a deliberately broken Bernoulli split), outcomes from the
// generator's outcome model with a known effect, and analyzeExperiment. The acceptance simulations (A/A rejection,
// coverage, CUPED's variance cut, SRM power) run this across seeds: scripts/experiment-simulations.ts and the suite.
import { Rng } from '../lib/rng.js';
import { OUTCOME_DEFAULTS, simulateOutcomes, trueEffects, type TrueEffect } from '../generate/experiment-outcomes.js';
import type { Analysis, AssignmentRow } from '../schema/experiment.js';
import { analyzeExperimentDetailed } from './analyze-experiment.js';
import { designHoldout } from './design-holdout.js';

export interface SimulationSettings {
  seed: number;
  rings: number;
  holdout: number;
  /** Relative effect of enforcement on the abuse metrics; A/A when `aa`. */
  effect: number;
  aa: boolean;
  /** When set, rings are held out with this probability (Bernoulli) while the design says `holdout`. */
  brokenHoldout?: number;
  /** Keep only these metrics' outcome rows (SRM runs need one metric only). */
  metrics?: readonly string[];
  /** Ring sizes: Pareto-tailed in [minRingSize, maxRingSize]. */
  minRingSize?: number;
  maxRingSize?: number;
  /** Re-randomizations behind each p-value and interval (analyzeExperiment's default when unset; 0: the t reference). */
  permutations?: number;
}

export const FRAUD_RING_SHARE = 0.9;
/** Re-randomizations per analysis in the acceptance simulations: 499 keeps 1,000 experiments within minutes; the
 * randomization p-value (1 + count) / (P + 1) is valid at any P (the 5 % test's size is 4.8 % at P = 499). */
export const SIMULATION_PERMUTATIONS = 499;

export function simulateExperiment(settings: SimulationSettings): { analysis: Analysis; truth: TrueEffect[]; moments: Map<string, { sEF: number; sFF: number; sEE: number }> } {
  const rng = new Rng(settings.seed, 0x5e1);
  const rings = Array.from({ length: settings.rings }, (_, r) => {
    const size = rng.paretoInt(settings.minRingSize ?? 3, settings.maxRingSize ?? 60, 1.5);
    return { id: `r${r}`, score: rng.next(), members: Array.from({ length: size }, (_, k) => `r${r}a${k}`), fraud: rng.chance(FRAUD_RING_SHARE) };
  });
  let rows: AssignmentRow[];
  if (settings.brokenHoldout === undefined) {
    rows = designHoldout(rings, { holdout: settings.holdout, stratify: 'band', bands: 4, seed: settings.seed }).rows;
  } else {
    const broken = settings.brokenHoldout;
    rows = rings.flatMap((ring) => {
      const arm = rng.chance(broken) ? ('holdout' as const) : ('enforce' as const);
      return ring.members.map((account) => ({ account, ring: ring.id, arm, band: 1, ringScore: ring.score }));
    });
  }
  const fraudOf = new Map(rings.map((ring) => [ring.id, ring.fraud]));
  const options = { ...OUTCOME_DEFAULTS, seed: settings.seed, effect: settings.effect, aa: settings.aa };
  let outcomes = simulateOutcomes(
    rows.map((row) => ({ account: row.account, ring: row.ring, enforced: row.arm === 'enforce', fraud: fraudOf.get(row.ring)! })),
    options,
  );
  if (settings.metrics) {
    const keep = new Set(settings.metrics);
    outcomes = outcomes.filter((row) => keep.has(row.metric));
  }
  const { analysis, moments } = analyzeExperimentDetailed(rows, outcomes, { design: { run: 'simulated', holdout: settings.holdout, seed: settings.seed }, guardrails: settings.metrics ? [] : ['appeals'], ...(settings.permutations === undefined ? {} : { permutations: settings.permutations }) });
  return { analysis, truth: trueEffects(options, FRAUD_RING_SHARE), moments };
}

export interface AcceptanceFigures {
  simulations: number;
  permutations: number;
  /** A/A: share of simulations where each metric's 5 % CUPED test rejected, and where Holm rejected any metric. */
  aa: { rejectionByMetric: Record<string, number>; rejection: number; anyAfterHolm: number; unadjustedRejection: number };
  /** Known effect: share of intervals covering the planted relative effect / difference. */
  coverage: { relativeByMetric: Record<string, number>; differenceByMetric: Record<string, number>; relative: number; difference: number };
  /** Per metric: empirical Var(CUPED) / Var(unadjusted) across simulations; 1 − ρ² with ρ the population pre/post
   * correlation of ring residuals (moments pooled over all simulations); 1 − mean of the per-experiment ρ̂²; and the
   * mean variance cut each analysis reported. */
  cuped: Record<string, { varianceRatio: number; oneMinusRhoSquared: number; oneMinusMeanSampleRhoSquared: number; reportedReduction: number }>;
  /** A 55/45 split where 50/50 was designed: share caught; and a correct Bernoulli 50/50 split: share of false alarms. */
  srm: { rings: number; caught: number; falseAlarms: number };
}

const variance = (xs: readonly number[]) => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};

/** The four acceptance simulations, `simulations` experiments each, seeded from `seed`. */
export function runAcceptance(options: { simulations: number; seed: number; rings: number; holdout: number; effect: number; srmRings: number; permutations?: number }): AcceptanceFigures {
  // the re-randomizations behind each analysis (the SRM check needs ring counts only, so its runs skip them)
  const permutations = options.permutations ?? SIMULATION_PERMUTATIONS;
  const { simulations, seed } = options;
  const rejections = new Map<string, number>();
  let rejected = 0;
  let unadjustedRejected = 0;
  let tests = 0;
  let anyHolm = 0;
  for (let s = 0; s < simulations; s++) {
    const { analysis } = simulateExperiment({ seed: seed + s, rings: options.rings, holdout: options.holdout, effect: 0, aa: true, permutations });
    let any = false;
    for (const m of analysis.metrics) {
      tests++;
      if (m.cuped.pValue < 0.05) (rejected++, rejections.set(m.metric, (rejections.get(m.metric) ?? 0) + 1));
      if (m.unadjusted.pValue < 0.05) unadjustedRejected++;
      if (m.adjustedPValue < 0.05) any = true;
    }
    if (any) anyHolm++;
  }
  const relCovered = new Map<string, number>();
  const diffCovered = new Map<string, number>();
  const estimates = new Map<string, { cuped: number[]; unadjusted: number[]; rhoSquared: number[]; reported: number[]; sEF: number; sFF: number; sEE: number }>();
  let relTotal = 0;
  let relHit = 0;
  let diffTotal = 0;
  let diffHit = 0;
  for (let s = 0; s < simulations; s++) {
    const { analysis, truth, moments } = simulateExperiment({ seed: seed + 1_000_000 + s, rings: options.rings, holdout: options.holdout, effect: options.effect, aa: false, permutations });
    for (const m of analysis.metrics) {
      const t = truth.find((x) => x.metric === m.metric)!;
      const e = m.cuped;
      if (t.relative !== null && e.relative !== null) {
        relTotal++;
        // a null bound is Fieller's unbounded side (the held-out mean too uncertain): it covers
        if ((e.relativeLow ?? -Infinity) <= t.relative && t.relative <= (e.relativeHigh ?? Infinity)) (relHit++, relCovered.set(m.metric, (relCovered.get(m.metric) ?? 0) + 1));
      }
      diffTotal++;
      if (e.low <= t.difference && t.difference <= e.high) (diffHit++, diffCovered.set(m.metric, (diffCovered.get(m.metric) ?? 0) + 1));
      let list = estimates.get(m.metric);
      if (!list) estimates.set(m.metric, (list = { cuped: [], unadjusted: [], rhoSquared: [], reported: [], sEF: 0, sFF: 0, sEE: 0 }));
      const mo = moments.get(m.metric)!;
      list.sEF += mo.sEF;
      list.sFF += mo.sFF;
      list.sEE += mo.sEE;
      list.cuped.push(e.difference);
      list.unadjusted.push(m.unadjusted.difference);
      list.rhoSquared.push(m.preCorrelation ** 2);
      list.reported.push(m.varianceReduction);
    }
  }
  let caught = 0;
  let falseAlarms = 0;
  for (let s = 0; s < simulations; s++) {
    const broken = simulateExperiment({ seed: seed + 2_000_000 + s, rings: options.srmRings, holdout: 0.5, brokenHoldout: 0.45, effect: 0, aa: true, metrics: ['reports'], minRingSize: 1, maxRingSize: 5, permutations: 0 });
    if (broken.analysis.srm.mismatch) caught++;
    const fair = simulateExperiment({ seed: seed + 3_000_000 + s, rings: options.srmRings, holdout: 0.5, brokenHoldout: 0.5, effect: 0, aa: true, metrics: ['reports'], minRingSize: 1, maxRingSize: 5, permutations: 0 });
    if (fair.analysis.srm.mismatch) falseAlarms++;
  }
  const share = (map: Map<string, number>, metrics: Iterable<string>, total: number) => Object.fromEntries([...metrics].map((m) => [m, (map.get(m) ?? 0) / total]));
  const metricNames = [...estimates.keys()];
  return {
    simulations,
    permutations,
    aa: { rejectionByMetric: share(rejections, metricNames, simulations), rejection: rejected / tests, anyAfterHolm: anyHolm / simulations, unadjustedRejection: unadjustedRejected / tests },
    coverage: {
      relativeByMetric: share(relCovered, metricNames.filter((m) => m !== 'appeals'), simulations),
      differenceByMetric: share(diffCovered, metricNames, simulations),
      relative: relHit / relTotal,
      difference: diffHit / diffTotal,
    },
    cuped: Object.fromEntries(
      metricNames.map((m) => {
        const e = estimates.get(m)!;
        const rho2 = e.rhoSquared.reduce((a, b) => a + b, 0) / e.rhoSquared.length;
        const pooled = e.sFF > 0 && e.sEE > 0 ? (e.sEF * e.sEF) / (e.sEE * e.sFF) : 0;
        return [m, { varianceRatio: variance(e.cuped) / variance(e.unadjusted), oneMinusRhoSquared: 1 - pooled, oneMinusMeanSampleRhoSquared: 1 - rho2, reportedReduction: e.reported.reduce((a, b) => a + b, 0) / e.reported.length }];
      }),
    ),
    srm: { rings: options.srmRings, caught: caught / simulations, falseAlarms: falseAlarms / simulations },
  };
}
