// Power of a ring-randomized holdout. Estimand: the difference in mean per-account outcome, enforced − held out.
// Var(difference) = σ² · DEFF · (1/N_enforced + 1/N_held_out) over accounts, with the design effect for clusters of
// unequal size DEFF = 1 + ((1 + CV²) · m − 1) · ICC (Eldridge, Ashby & Kerry 2006; m the mean ring size, CV its
// coefficient of variation, ICC the intraclass correlation of the outcome within rings). With CUPED the variance is
// further multiplied by 1 − ρ² (ρ the pre/post correlation). Normal approximation, two-sided test.
import { normalQuantile } from '../evaluate/normal-distribution.js';
import type { PowerResult } from '../schema/experiment.js';

export const POWER_DEFAULTS = { alpha: 0.05, power: 0.8, holdout: 0.1, icc: 0.05, preCorrelation: 0 };

export interface PowerInput {
  baselineMean: number;
  standardDeviation: number;
  rings: number;
  meanRingSize: number;
  ringSizeCv: number;
  icc: number;
  holdout: number;
  alpha: number;
  power: number;
  preCorrelation: number;
  /** Given: how many rings are needed to detect it; absent: the minimum detectable effect at `rings`. */
  targetEffect?: number;
}

export function designEffect(meanRingSize: number, ringSizeCv: number, icc: number): number {
  return 1 + ((1 + ringSizeCv * ringSizeCv) * meanRingSize - 1) * icc;
}

const short = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString());

export function holdoutPower(input: PowerInput): PowerResult {
  const deff = designEffect(input.meanRingSize, input.ringSizeCv, input.icc);
  const z = normalQuantile(1 - input.alpha / 2) + normalQuantile(input.power);
  const h = input.holdout;
  const variancePerAccount = input.standardDeviation ** 2 * deff * (1 - input.preCorrelation ** 2);
  const accounts = input.rings * input.meanRingSize;
  const base = {
    alpha: input.alpha,
    power: input.power,
    holdout: h,
    baselineMean: input.baselineMean,
    standardDeviation: input.standardDeviation,
    meanRingSize: input.meanRingSize,
    ringSizeCv: input.ringSizeCv,
    icc: input.icc,
    designEffect: deff,
    rings: input.rings,
    accounts,
  };
  const cuped = input.preCorrelation !== 0 ? `, CUPED with pre/post correlation ${input.preCorrelation} (variance × ${(1 - input.preCorrelation ** 2).toFixed(3)})` : '';
  if (input.targetEffect !== undefined) {
    const ringsNeeded = Math.ceil((z * z * variancePerAccount) / (input.targetEffect ** 2 * h * (1 - h) * input.meanRingSize));
    return {
      mode: 'sample',
      ...base,
      minimumDetectableEffect: null,
      minimumDetectableRelative: null,
      ringsNeeded,
      targetEffect: input.targetEffect,
      explanation: `To detect a change of ${input.targetEffect} per account (${input.baselineMean !== 0 ? `${((100 * input.targetEffect) / input.baselineMean).toFixed(1)} % of the baseline ${short(input.baselineMean)}` : 'baseline 0'}) with ${Math.round(100 * input.power)} % power at α = ${input.alpha}, holding out ${Math.round(100 * h)} % of rings: ${ringsNeeded.toLocaleString('en-US')} flagged rings (≈ ${Math.round(ringsNeeded * input.meanRingSize).toLocaleString('en-US')} accounts; design effect ${deff.toFixed(2)} from rings of ${input.meanRingSize.toFixed(1)} accounts, CV ${input.ringSizeCv.toFixed(2)}, ICC ${short(input.icc)}${cuped}).`,
    };
  }
  const mde = z * Math.sqrt(variancePerAccount * (1 / (accounts * (1 - h)) + 1 / (accounts * h)));
  return {
    mode: 'mde',
    ...base,
    minimumDetectableEffect: mde,
    minimumDetectableRelative: input.baselineMean !== 0 ? mde / Math.abs(input.baselineMean) : null,
    ringsNeeded: null,
    targetEffect: null,
    explanation: `With ${input.rings.toLocaleString('en-US')} flagged rings (≈ ${Math.round(accounts).toLocaleString('en-US')} accounts) and ${Math.round(100 * h)} % held out, the smallest change detectable with ${Math.round(100 * input.power)} % power at α = ${input.alpha} is ±${mde.toPrecision(3)} per account${input.baselineMean !== 0 ? ` (${((100 * mde) / Math.abs(input.baselineMean)).toFixed(1)} % of the baseline ${short(input.baselineMean)})` : ''}; design effect ${deff.toFixed(2)} from rings of ${input.meanRingSize.toFixed(1)} accounts, CV ${input.ringSizeCv.toFixed(2)}, ICC ${short(input.icc)}${cuped}.`,
  };
}
