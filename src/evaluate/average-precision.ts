// PR-AUC as average precision (sum over score thresholds of Δrecall × precision), ties grouped.
// Grouping tied scores into one threshold (as scikit-learn does) makes the value independent of input order.

/**
 * Average precision of `score` ranking fraud (label 1) above benign (label 0); label -1 is skipped.
 * Returns null when no labelled account is fraud. `weights` counts an account that many times.
 */
export function averagePrecision(score: ArrayLike<number>, label: ArrayLike<number>, weights?: ArrayLike<number>): number | null {
  const order: number[] = [];
  let positives = 0;
  for (let i = 0; i < label.length; i++) {
    const l = label[i];
    if (l !== 0 && l !== 1) continue;
    const w = weights ? weights[i]! : 1;
    if (w <= 0) continue;
    order.push(i);
    if (l === 1) positives += w;
  }
  if (positives <= 0) return null;
  order.sort((a, b) => score[b]! - score[a]!);
  let tp = 0;
  let seen = 0;
  let previousRecall = 0;
  let sum = 0;
  for (let k = 0; k < order.length; ) {
    const s = score[order[k]!]!;
    // take the whole group of tied scores as one threshold
    while (k < order.length && score[order[k]!] === s) {
      const i = order[k]!;
      const w = weights ? weights[i]! : 1;
      seen += w;
      if (label[i] === 1) tp += w;
      k++;
    }
    const recall = tp / positives;
    if (recall > previousRecall) {
      sum += (recall - previousRecall) * (tp / seen);
      previousRecall = recall;
    }
  }
  return sum;
}
