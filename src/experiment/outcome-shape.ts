// What a power calculation needs, read from an assignment (ring count, mean size, size CV) and optionally from the
// pre-period of an outcomes file (mean, SD and the ANOVA intraclass correlation of one metric within rings;
// Donner & Koval 1980, with n0 for unequal ring sizes).
import type { AssignmentRow, OutcomeRow } from '../schema/experiment.js';

export interface OutcomeShape {
  rings: number;
  meanRingSize: number;
  ringSizeCv: number;
  baselineMean?: number;
  standardDeviation?: number;
  icc?: number;
}

export function outcomeShape(assignment: readonly AssignmentRow[], outcomes: readonly OutcomeRow[] | null, metric: string | null): OutcomeShape {
  const sizes = new Map<string, number>();
  const ringOf = new Map<string, string>();
  for (const row of assignment) {
    sizes.set(row.ring, (sizes.get(row.ring) ?? 0) + 1);
    ringOf.set(row.account, row.ring);
  }
  const values = [...sizes.values()];
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1));
  const shape: OutcomeShape = { rings: values.length, meanRingSize: mean, ringSizeCv: mean > 0 ? sd / mean : 0 };
  if (!outcomes || metric === null) return shape;
  const groups = new Map<string, number[]>();
  for (const row of outcomes) {
    if (row.metric !== metric) continue;
    const ring = ringOf.get(row.account);
    if (ring === undefined) continue;
    let list = groups.get(ring);
    if (!list) groups.set(ring, (list = []));
    list.push(row.pre);
  }
  const all = [...groups.values()].flat();
  const N = all.length;
  const k = groups.size;
  if (N < 2 || k < 2) return shape;
  const grand = all.reduce((s, v) => s + v, 0) / N;
  let ssb = 0;
  let ssw = 0;
  let squares = 0;
  for (const list of groups.values()) {
    const m = list.reduce((s, v) => s + v, 0) / list.length;
    ssb += list.length * (m - grand) ** 2;
    for (const v of list) ssw += (v - m) ** 2;
    squares += list.length ** 2;
  }
  const msb = ssb / (k - 1);
  const msw = N > k ? ssw / (N - k) : 0;
  const n0 = (N - squares / N) / (k - 1);
  const icc = msb + (n0 - 1) * msw > 0 ? Math.max(0, (msb - msw) / (msb + (n0 - 1) * msw)) : 0;
  const variance = all.reduce((s, v) => s + (v - grand) ** 2, 0) / (N - 1);
  return { ...shape, baselineMean: grand, standardDeviation: Math.sqrt(variance), icc };
}
