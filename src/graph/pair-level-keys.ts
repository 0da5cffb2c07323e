// Pair keys carrying a weight: (a · accountCount + b) · LEVELS + level for a < b, one key per (pair, target), its
// weight quantized to level / (LEVELS − 1), 1 ≤ level < LEVELS. Sorted as whole numbers, each pair's keys sit together.

export const LEVELS = 64;

/** Each pair (a < b) of the sorted keys with its number of keys (distinct targets) and summed weight. */
export function forEachPair(sorted: Float64Array, accountCount: number, visit: (a: number, b: number, targets: number, sum: number) => void): void {
  let i = 0;
  while (i < sorted.length) {
    const pair = Math.floor(sorted[i]! / LEVELS);
    let targets = 0;
    let sum = 0;
    while (i < sorted.length && Math.floor(sorted[i]! / LEVELS) === pair) {
      sum += (sorted[i]! - pair * LEVELS) / (LEVELS - 1);
      targets++;
      i++;
    }
    visit(Math.floor(pair / accountCount), pair % accountCount, targets, sum);
  }
}
