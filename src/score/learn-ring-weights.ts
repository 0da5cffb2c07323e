// Ring-score weights learned from labels: a logistic model over the evidence terms, L2-regularized toward a
// prior (with few labels it stays near it), fitted by projected Newton steps under each term's sign (TERM_SIGNS:
// more evidence never lowers a score). Used on the labels a team already has, and on the tuning family's truth
// for the defaults themselves (scripts/fit-default-weights.ts).
// Cross-fitting: rings are split into folds and each labelled ring is scored by weights fitted on the other
// folds only, so no ring is ever scored by weights learned from its own members' labels; those out-of-fold
// scores give the held-out AUC. Rings without labels are scored by the weights fitted on all labelled rings.
import { round6 } from '../lib/round.js';
import { EVIDENCE_TERMS, TERM_SIGNS, logistic, type EvidenceTerm, type RingScoreWeights } from './ring-score.js';
import { lowerBound, upperBound } from '../lib/sorted-search.js';

export interface LabelledRing {
  /** Evidence terms of the ring, in EVIDENCE_TERMS order. */
  terms: number[];
  /** Share of the ring's labelled members labelled fraud. */
  fraudShare: number;
  /** Labelled members (the example's weight, capped so one big ring cannot outvote many small ones). */
  labelled: number;
  fold: number;
}

export const MAX_EXAMPLE_WEIGHT = 5;
/** Prior strength: how many labelled members' worth of evidence it takes to move a weight by one unit. */
export const PRIOR_STRENGTH = 10;

export function fitRingWeights(examples: LabelledRing[], prior: RingScoreWeights): RingScoreWeights {
  const d = EVIDENCE_TERMS.length + 1;
  const beta0 = [prior.bias, ...EVIDENCE_TERMS.map((t) => prior[t])];
  const beta = projected(beta0);
  for (let iteration = 0; iteration < 50; iteration++) {
    const gradient = beta.map((b, j) => PRIOR_STRENGTH * (b - beta0[j]!));
    const hessian = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? PRIOR_STRENGTH : 0)));
    for (const example of examples) {
      const x = [1, ...example.terms];
      const z = x.reduce((sum, xi, j) => sum + xi * beta[j]!, 0);
      const p = logistic(z);
      const w = Math.min(MAX_EXAMPLE_WEIGHT, example.labelled);
      for (let i = 0; i < d; i++) {
        gradient[i]! += w * (p - example.fraudShare) * x[i]!;
        for (let j = 0; j < d; j++) hessian[i]![j]! += w * p * (1 - p) * x[i]! * x[j]!;
      }
    }
    // A weight held at its sign's bound whose gradient pushes it further out stays there; the rest take the Newton step.
    const free = beta.map((b, j) => !(j > 0 && b === 0 && gradient[j]! * TERM_SIGNS[EVIDENCE_TERMS[j - 1]!] > 0));
    const step = newtonStep(hessian, gradient, free);
    // Backtracking, each try clipped to the signs: halve the step until the penalized loss does not rise (separable labels diverge otherwise).
    const before = penalizedLoss(beta, beta0, examples);
    let scale = 1;
    let next = projected(beta.map((b, j) => b - step[j]!));
    while (scale > 1e-6 && !(penalizedLoss(next, beta0, examples) <= before)) {
      scale /= 2;
      next = projected(beta.map((b, j) => b - scale * step[j]!));
    }
    const moved = Math.max(...next.map((b, j) => Math.abs(b - beta[j]!)));
    for (let j = 0; j < d; j++) beta[j] = next[j]!;
    if (moved < 1e-9) break;
  }
  const weights = { bias: round6(beta[0]!) } as RingScoreWeights;
  // + 0 turns a −0 from a weight held at its bound into 0.
  EVIDENCE_TERMS.forEach((term: EvidenceTerm, j) => (weights[term] = round6(beta[j + 1]!) + 0));
  return weights;
}

/** Each term's weight clipped to its sign (the bias is free). */
function projected(beta: number[]): number[] {
  return beta.map((b, j) => (j === 0 ? b : TERM_SIGNS[EVIDENCE_TERMS[j - 1]!] > 0 ? Math.max(0, b) : Math.min(0, b)));
}

/** The Newton step over the free coordinates (the others do not move). */
function newtonStep(hessian: number[][], gradient: number[], free: boolean[]): number[] {
  const index = free.flatMap((isFree, j) => (isFree ? [j] : []));
  const solved = solve(index.map((i) => index.map((j) => hessian[i]![j]!)), index.map((i) => gradient[i]!));
  const step = new Array<number>(gradient.length).fill(0);
  index.forEach((j, k) => (step[j] = solved[k]!));
  return step;
}

function penalizedLoss(beta: number[], beta0: number[], examples: LabelledRing[]): number {
  let loss = beta.reduce((sum, b, j) => sum + (PRIOR_STRENGTH / 2) * (b - beta0[j]!) ** 2, 0);
  for (const example of examples) {
    const z = beta[0]! + example.terms.reduce((sum, x, j) => sum + x * beta[j + 1]!, 0);
    const w = Math.min(MAX_EXAMPLE_WEIGHT, example.labelled);
    // log(1 + e^z) − y·z, computed without overflow.
    loss += w * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - example.fraudShare * z);
  }
  return loss;
}

/** Area under the ROC curve of scores against binary outcomes (ties count half); null without both classes. */
export function rocAuc(scores: number[], positive: boolean[]): number | null {
  const order = scores.map((_, i) => i).sort((x, y) => scores[x]! - scores[y]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]!] === scores[order[i]!]) j++;
    const midRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (positive[order[k]!]) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return round6((rankSum - (positives * (positives + 1)) / 2) / (positives * negatives));
}

/**
 * DeLong's test of two correlated AUCs on the same examples (DeLong, DeLong & Clarke-Pearson 1988): the difference
 * a − b and its standard error from each example's structural components (for a positive, the share of negatives
 * it outranks; for a negative, the share of positives that outrank it; ties count half). Null with fewer than two examples of either class.
 */
export function pairedAucDifference(a: number[], b: number[], positive: boolean[]): { difference: number; standardError: number } | null {
  const pos = positive.flatMap((p, i) => (p ? [i] : []));
  const neg = positive.flatMap((p, i) => (p ? [] : [i]));
  if (pos.length < 2 || neg.length < 2) return null;
  const components = (scores: number[]) => {
    const negSorted = Float64Array.from(neg, (i) => scores[i]!).sort();
    const posSorted = Float64Array.from(pos, (i) => scores[i]!).sort();
    // for a positive: negatives below it + half of those equal, over all negatives; for a negative, positives above it likewise
    const v10 = pos.map((i) => (lowerBound(negSorted, scores[i]!) + upperBound(negSorted, scores[i]!)) / (2 * neg.length));
    const v01 = neg.map((j) => (2 * pos.length - lowerBound(posSorted, scores[j]!) - upperBound(posSorted, scores[j]!)) / (2 * pos.length));
    return { v10, v01 };
  };
  const ca = components(a);
  const cb = components(b);
  const mean = (xs: number[]) => xs.reduce((sum, x) => sum + x, 0) / xs.length;
  // the variance of a − b per class: the variance of the difference of the two models' components
  const varianceOfDifference = (xs: number[], ys: number[]) => {
    const d = xs.map((x, i) => x - ys[i]!);
    const m = mean(d);
    return d.reduce((sum, x) => sum + (x - m) ** 2, 0) / (d.length - 1);
  };
  const difference = mean(ca.v10) - mean(cb.v10);
  const variance = varianceOfDifference(ca.v10, cb.v10) / pos.length + varianceOfDifference(ca.v01, cb.v01) / neg.length;
  return { difference, standardError: Math.sqrt(variance) };
}

/** Gaussian elimination with partial pivoting (the systems here are 8 × 8 and positive definite). */
function solve(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = col + 1; r < n; r++) {
      const factor = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= n; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = a[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= a[r]![c]! * x[c]!;
    x[r] = sum / a[r]![r]!;
  }
  return x;
}

