// Precision–recall curve of account risk over labelled accounts: one point per distinct risk value, thinned evenly
// in recall to at most `maxPoints` so a report can draw it.
import { BENIGN, FRAUD } from './ground-truth.js';
import type { PrPoint } from './comparison-schema.js';

export function prCurve(risk: ArrayLike<number>, label: ArrayLike<number>, maxPoints = 200): PrPoint[] {
  const order: number[] = [];
  let positives = 0;
  for (let i = 0; i < label.length; i++) {
    if (label[i] !== FRAUD && label[i] !== BENIGN) continue;
    order.push(i);
    if (label[i] === FRAUD) positives++;
  }
  if (positives === 0) return [];
  order.sort((a, b) => risk[b]! - risk[a]!);
  const points: PrPoint[] = [];
  let tp = 0;
  for (let k = 0; k < order.length; ) {
    const r = risk[order[k]!]!;
    while (k < order.length && risk[order[k]!] === r) if (label[order[k++]!] === FRAUD) tp++;
    points.push({ threshold: r, precision: tp / k, recall: tp / positives });
  }
  if (points.length <= maxPoints) return points;
  // keep the first and last points and those where recall crosses each 1/(maxPoints−1) step
  const kept: PrPoint[] = [points[0]!];
  let nextRecall = 1 / (maxPoints - 1);
  for (let p = 1; p < points.length - 1; p++) {
    if (points[p]!.recall >= nextRecall) {
      kept.push(points[p]!);
      while (nextRecall <= points[p]!.recall) nextRecall += 1 / (maxPoints - 1);
    }
  }
  kept.push(points[points.length - 1]!);
  return kept;
}
