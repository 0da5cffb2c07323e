// Adjusted Rand index (Hubert & Arabie 1985) of two partitions from contingency counts: O(n), never O(n²) pairs.

const choose2 = (x: number): number => (x * (x - 1)) / 2;

/**
 * ARI between partitions `a` and `b` of the same n items, given as cluster ids per item.
 * A negative id means "a cluster of its own" (singleton). Returns null when n < 2 (no pairs),
 * and 1 when both partitions are the same trivial one (all singletons or one cluster), as scikit-learn does.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  const n = a.length;
  if (b.length !== n) throw new Error(`partitions differ in length (${n} vs ${b.length})`);
  if (n < 2) return null;
  const sizeA = new Map<number, number>();
  const sizeB = new Map<number, number>();
  const joint = new Map<number, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x >= 0) sizeA.set(x, (sizeA.get(x) ?? 0) + 1);
    if (y >= 0) sizeB.set(y, (sizeB.get(y) ?? 0) + 1);
    // a pair of items agrees in both only if neither is a singleton
    if (x >= 0 && y >= 0) {
      let row = joint.get(x);
      if (!row) joint.set(x, (row = new Map()));
      row.set(y, (row.get(y) ?? 0) + 1);
    }
  }
  let sumJoint = 0;
  for (const row of joint.values()) for (const count of row.values()) sumJoint += choose2(count);
  let sumA = 0;
  for (const size of sizeA.values()) sumA += choose2(size);
  let sumB = 0;
  for (const size of sizeB.values()) sumB += choose2(size);
  const pairs = choose2(n);
  // the denominator vanishes only when both partitions are all singletons or both one cluster;
  // test that directly, since (sumA·sumB)/pairs need not round back to pairs exactly
  if ((sumA === 0 && sumB === 0) || (sumA === pairs && sumB === pairs)) return 1;
  const expected = (sumA * sumB) / pairs;
  const maximum = (sumA + sumB) / 2;
  return (sumJoint - expected) / (maximum - expected);
}
