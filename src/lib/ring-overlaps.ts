// Overlap between two partitions of accounts into rings, found through member ownership: O(total members),
// never O(rings × rings). Evaluation matches predicted rings to true ones with it, and the run matches
// today's rings to yesterday's.

/**
 * For each ring of `rings`, the owners its members belong to and how many members each holds
 * (`ownerOf` answers -1 or undefined for a member no owner holds). Each member should appear once.
 */
export function countOverlaps<M>(rings: readonly Iterable<M>[], ownerOf: (member: M) => number | undefined): Map<number, number>[] {
  return rings.map((members) => {
    const counts = new Map<number, number>();
    for (const member of members) {
      const owner = ownerOf(member);
      if (owner !== undefined && owner >= 0) counts.set(owner, (counts.get(owner) ?? 0) + 1);
    }
    return counts;
  });
}

/** |A ∩ B| / |A ∪ B| from the two sizes and the shared count. */
export function jaccard(sizeA: number, sizeB: number, shared: number): number {
  return shared / (sizeA + sizeB - shared);
}
