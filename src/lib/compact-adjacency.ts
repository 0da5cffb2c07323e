// Compact adjacency (CSR) from a key per item: offsets by counting sort, and the items grouped by key.

/** offsets[k] .. offsets[k + 1] is the span of key k, for keys in [0, size). */
export function countingOffsets(keys: ArrayLike<number>, size: number): Int32Array {
  const offsets = new Int32Array(size + 1);
  for (let i = 0; i < keys.length; i++) offsets[keys[i]! + 1]!++;
  for (let k = 0; k < size; k++) offsets[k + 1]! += offsets[k]!;
  return offsets;
}

/** Item indices grouped by key (input order kept inside a key): order[offsets[k] .. offsets[k + 1]) are key k's. */
export function groupByKey(keys: ArrayLike<number>, size: number): { offsets: Int32Array; order: Int32Array } {
  const offsets = countingOffsets(keys, size);
  const cursor = offsets.slice(0, size);
  const order = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) order[cursor[keys[i]!]!++] = i;
  return { offsets, order };
}
