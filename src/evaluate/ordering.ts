// Small shared helpers that keep evaluation output machine-independent: a locale-free text order and a null-safe mean.

/** Code-unit order: the same on every machine, unlike localeCompare. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Mean of the values in index order (so the float sum is reproducible); null when empty. */
export function meanOf(values: ArrayLike<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}
