// Outcomes of an enforcement experiment with a known true effect, for testing `ringscan experiment analyze`.
// Per account and metric a pre-period and a post-period value. Each ring has a latent rate (lognormal, shared by its
// members: outcomes cluster by ring) and each account its own multiplier; pre and post are Poisson (or Bernoulli for
// repeat_abuse) from the same latent rate, so they correlate as real before/after counts do. Enforcement multiplies
// the post-period rate of the abuse metrics by 1 + effect and adds `appealRate` appeals per enforced account (the
// guardrail); the A/A option sets every effect to 0. Latent rates do not depend on ring size, so the true relative
// effect is `effect` exactly and the true difference is effect × the metric's mean rate (see `trueEffects`).
import { normalCdf } from '../evaluate/normal-distribution.js';
import { Rng } from '../lib/rng.js';

export const OUTCOME_DEFAULTS = {
  seed: 1,
  /** Relative effect of enforcement on reports, repeat_abuse and chargebacks (−0.3: 30 % fewer). */
  effect: -0.3,
  /** Extra appeals per enforced account in the post period. */
  appealRate: 0.05,
  aa: false,
  ringSigma: 0.8,
  accountSigma: 0.5,
};

export interface OutcomeOptions {
  seed: number;
  effect: number;
  appealRate: number;
  /** A/A: no effect on anything (enforcement is a placebo). */
  aa: boolean;
  ringSigma: number;
  accountSigma: number;
}

export interface OutcomeUnit {
  account: string;
  ring: string;
  enforced: boolean;
  fraud: boolean;
}

/** Mean latent rate per metric for fraud and benign accounts; repeat_abuse is a probability (capped at 0.95). */
const METRICS = [
  { metric: 'reports', fraud: 2.5, benign: 0.4, kind: 'count', abuse: true },
  { metric: 'repeat_abuse', fraud: 0.3, benign: 0.05, kind: 'binary', abuse: true },
  { metric: 'chargebacks', fraud: 0.6, benign: 0.05, kind: 'count', abuse: true },
  { metric: 'appeals', fraud: 0.02, benign: 0.02, kind: 'count', abuse: false },
] as const;

export const OUTCOME_METRICS = METRICS.map((m) => m.metric);
export const GUARDRAIL_METRICS = ['appeals'];

export interface TrueEffect {
  metric: string;
  /** Relative effect on the post-period mean (null for the additive guardrail). */
  relative: number | null;
  /** Expected difference per account, enforced − held out, for a population with this fraud share. */
  difference: number;
}

/** The effects the generator plants, for a population where `fraudShare` of assigned accounts are fraud. */
export function trueEffects(options: OutcomeOptions, fraudShare: number): TrueEffect[] {
  return METRICS.map((m) => {
    if (options.aa) return { metric: m.metric, relative: 0, difference: 0 };
    if (!m.abuse) return { metric: m.metric, relative: null, difference: options.appealRate };
    const mean = fraudShare * meanRate(m.fraud, m.kind, options) + (1 - fraudShare) * meanRate(m.benign, m.kind, options);
    return { metric: m.metric, relative: options.effect, difference: options.effect * mean };
  });
}

/**
 * E[rate]: base × ring × account latent is base times a lognormal of mean 1 and σ² = ringSigma² + accountSigma²;
 * a binary metric's probability is capped at 0.95, so its mean is E[min(0.95, X)] = E[X; X < c] + c · P(X ≥ c).
 */
function meanRate(base: number, kind: 'count' | 'binary', options: OutcomeOptions): number {
  if (kind === 'count') return base;
  const sigma = Math.sqrt(options.ringSigma ** 2 + options.accountSigma ** 2);
  const mu = Math.log(base) - (sigma * sigma) / 2;
  const c = 0.95;
  const z = (Math.log(c) - mu) / sigma;
  return base * normalCdf(z - sigma) + c * (1 - normalCdf(z));
}

export interface OutcomeRecord {
  account: string;
  metric: string;
  pre: number;
  post: number;
}

/** One row per account and metric, in unit order then metric order; deterministic from options.seed. */
export function simulateOutcomes(units: readonly OutcomeUnit[], options: OutcomeOptions): OutcomeRecord[] {
  if (!(options.effect > -1)) throw new RangeError('the enforcement effect must be above −1 (−1 would remove every event)');
  const rng = new Rng(options.seed, 0x0c0e);
  const ringLatent = new Map<string, number[]>();
  const out: OutcomeRecord[] = [];
  for (const unit of units) {
    let latent = ringLatent.get(unit.ring);
    if (!latent) ringLatent.set(unit.ring, (latent = METRICS.map(() => rng.lognormal(1, options.ringSigma))));
    METRICS.forEach((m, k) => {
      const rate = (unit.fraud ? m.fraud : m.benign) * latent[k]! * rng.lognormal(1, options.accountSigma);
      const treated = unit.enforced && !options.aa;
      if (m.kind === 'binary') {
        const p = Math.min(0.95, rate);
        const pPost = treated ? Math.min(1, p * (1 + options.effect)) : p;
        out.push({ account: unit.account, metric: m.metric, pre: rng.chance(p) ? 1 : 0, post: rng.chance(pPost) ? 1 : 0 });
        return;
      }
      const postRate = !treated ? rate : m.abuse ? rate * (1 + options.effect) : rate + options.appealRate;
      out.push({ account: unit.account, metric: m.metric, pre: rng.poisson(rate), post: rng.poisson(postRate) });
    });
  }
  return out;
}
