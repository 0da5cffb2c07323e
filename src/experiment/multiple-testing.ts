// Corrections for testing many metrics at once. Holm (1979) controls the family-wise error rate (the chance of any
// false "significant"); Benjamini & Hochberg (1995) control the false discovery rate (the expected share of false
// ones among the significant). Both take raw p-values in any order and return adjusted ones in the same order.

export type Correction = 'holm' | 'bh';

export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m).fill(1);
  if (correction === 'holm') {
    let running = 0;
    order.forEach(({ p, i }, rank) => {
      running = Math.max(running, Math.min(1, (m - rank) * p));
      adjusted[i] = running;
    });
  } else {
    let running = 1;
    for (let rank = m - 1; rank >= 0; rank--) {
      const { p, i } = order[rank]!;
      running = Math.min(running, Math.min(1, (m * p) / (rank + 1)));
      adjusted[i] = running;
    }
  }
  return adjusted;
}
