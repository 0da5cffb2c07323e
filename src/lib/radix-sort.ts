// Stable LSD radix sorts of index arrays by unsigned 32-bit keys, 16 bits a pass: the typed-array alternative
// to sorting millions of indices with a comparator closure.

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * Reorders `order` (indices into `key`) by key[index], stably. The keys are gathered once and moved with their
 * indices, so each pass reads sequentially. Passes whose digit is the same for every index are skipped, so keys
 * that vary only in their low bits cost one pass.
 */
export function radixSortByKey(order: Int32Array, key: Uint32Array): void {
  const n = order.length;
  let fromIndex: Int32Array = order;
  let fromKey: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i++) fromKey[i] = key[order[i]!]!;
  let toIndex: Int32Array = new Int32Array(n);
  let toKey: Uint32Array = new Uint32Array(n);
  const counts = new Int32Array(BUCKETS);
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(fromKey[i]! >>> shift) & (BUCKETS - 1)]!++;
    if (counts.some((c) => c === n)) continue;
    let sum = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = fromKey[i]!;
      const at = counts[(k >>> shift) & (BUCKETS - 1)]!++;
      toIndex[at] = fromIndex[i]!;
      toKey[at] = k;
    }
    [fromIndex, toIndex] = [toIndex, fromIndex];
    [fromKey, toKey] = [toKey, fromKey];
  }
  if (fromIndex !== order) order.set(fromIndex);
}

/**
 * The order of each double as two unsigned 32-bit keys (high and low word): sorting by low, then stably by high,
 * sorts by the double's value (negative numbers have every bit flipped, positive ones the sign bit). NaN is not
 * expected here.
 */
export function doubleSortKeys(values: Float64Array): { high: Uint32Array; low: Uint32Array } {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const high = new Uint32Array(values.length);
  const low = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const lo = words[2 * i]!;
    const hi = words[2 * i + 1]!;
    const negative = hi >>> 31 === 1;
    high[i] = negative ? ~hi >>> 0 : (hi | 0x8000_0000) >>> 0;
    low[i] = negative ? ~lo >>> 0 : lo;
  }
  return { high, low };
}
