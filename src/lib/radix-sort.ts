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

/**
 * Sorts whole numbers in [0, 2^53) in place, ascending: LSD radix passes over the low and high 32-bit words, 16
 * bits a pass, skipping passes whose digit is the same for every value (so small numbers cost two passes). About
 * twice as fast as Float64Array.prototype.sort on tens of millions of packed pair keys.
 */
export function sortWholeNumbers(values: Float64Array): void {
  const n = values.length;
  let fromLow = new Uint32Array(n);
  let fromHigh = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const high = Math.floor(values[i]! / 0x1_0000_0000);
    fromHigh[i] = high;
    fromLow[i] = values[i]! - high * 0x1_0000_0000;
  }
  let toLow = new Uint32Array(n);
  let toHigh = new Uint32Array(n);
  const counts = new Int32Array(BUCKETS);
  for (const word of [0, 1]) {
    for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
      const digits = word === 0 ? fromLow : fromHigh;
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[(digits[i]! >>> shift) & (BUCKETS - 1)]!++;
      if (counts.some((c) => c === n)) continue;
      let sum = 0;
      for (let b = 0; b < BUCKETS; b++) {
        const c = counts[b]!;
        counts[b] = sum;
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const at = counts[(digits[i]! >>> shift) & (BUCKETS - 1)]!++;
        toLow[at] = fromLow[i]!;
        toHigh[at] = fromHigh[i]!;
      }
      [fromLow, toLow] = [toLow, fromLow];
      [fromHigh, toHigh] = [toHigh, fromHigh];
    }
  }
  for (let i = 0; i < n; i++) values[i] = fromHigh[i]! * 0x1_0000_0000 + fromLow[i]!;
}
