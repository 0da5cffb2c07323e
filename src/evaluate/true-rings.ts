// True rings from ground truth: fraud accounts grouped by ring id, indexed in id order, each with its majority kind.
import { FRAUD, type GroundTruth } from './ground-truth.js';
import { byText } from './ordering.js';

/** True rings: fraud accounts grouped by ring id, indexed in id order. Benign groups (households…) are not rings. */
export interface TrueRings {
  ids: string[];
  ringOf: Int32Array;
  sizes: Int32Array;
  kinds: (string | null)[];
}

export function groupTrueRings(truth: GroundTruth): TrueRings {
  const n = truth.accounts.length;
  const ids = [...new Set(truth.ring.filter((ring, i): ring is string => ring !== undefined && truth.label[i] === FRAUD))].sort(byText);
  const indexOf = new Map(ids.map((id, t) => [id, t] as const));
  const ringOf = new Int32Array(n).fill(-1);
  const sizes = new Int32Array(ids.length);
  const kindCounts = ids.map(() => new Map<string, number>());
  for (let i = 0; i < n; i++) {
    if (truth.label[i] !== FRAUD) continue;
    const ring = truth.ring[i];
    if (ring === undefined) continue;
    const t = indexOf.get(ring)!;
    ringOf[i] = t;
    sizes[t]!++;
    const kind = truth.kind[i];
    if (kind !== undefined) kindCounts[t]!.set(kind, (kindCounts[t]!.get(kind) ?? 0) + 1);
  }
  const kinds = kindCounts.map((counts) => {
    let best: string | null = null;
    let bestCount = 0;
    for (const [kind, c] of counts) if (c > bestCount || (c === bestCount && best !== null && kind < best)) [best, bestCount] = [kind, c];
    return best;
  });
  return { ids, ringOf, sizes, kinds };
}
