// Rounding of stored and printed figures: six decimals keep scores stable across platforms' float noise.

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
