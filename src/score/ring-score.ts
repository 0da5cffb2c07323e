// Turns a ring's measurements into a score in [0, 1] and ranked reasons in plain words.
// The score is a logistic over additive evidence terms; each term grows with how many members carry the
// evidence, so a household of three sharing a device never outweighs a farm of thirty sharing four.
import { round6 } from '../lib/round.js';
import type { Reason } from '../schema/findings.js';
import type { RingMeasurements } from './ring-features.js';

export const RING_SCORE_WEIGHTS = {
  bias: -4.5,
  /** Per log2(1 + sharing excess): accounts beyond one per shared identifier, weighted by type and
   * creation-clustering suspicion, identifiers with identical members counted once (ring-features.ts). */
  sharing: 1,
  /** Per unit of creation-burst surprise (−log10 p), capped. */
  burst: 0.2,
  burstSurpriseCap: 30,
  /** Burst evidence reaches full strength at this many members beyond two created together. */
  burstFullHeadcount: 12,
  /** Per log2(1 + synchronized targets). */
  synchrony: 1.2,
  /** Per log2(1 + the ring's own targets). */
  ownTargets: 1.2,
  knownBad: 3,
  /** A ring whose ties mostly lead outside it is less likely to be a closed group. */
  conductance: -1,
} as const;

export interface RingScore {
  score: number;
  reasons: Reason[];
}

export function scoreRing(measured: RingMeasurements, options: { syncWindowSeconds: number }): RingScore {
  const w = RING_SCORE_WEIGHTS;
  const f = measured.features;
  const reasons: Reason[] = [];

  const [strongest, ...others] = measured.sharedByType;
  const sharing = w.sharing * Math.log2(1 + measured.sharingExcess);
  if (strongest && sharing > 0) {
    const also = others.slice(0, 2);
    const alsoText = also.length > 0 ? `; they also share ${also.map((g) => countOf(g.entities, g.type)).join(' and ')}` : '';
    reasons.push({
      code: 'shared_identifiers',
      text: `${strongest.accounts} accounts share ${countOf(strongest.entities, strongest.type)}${alsoText}`,
      weight: sharing,
    });
  }

  if (f.creationBurstCount >= 3 && f.creationBurstSurprise > 0) {
    // Evidence scales with how many were created together: three signing up at once is a family, not a farm.
    const headcount = Math.min(1, Math.max(0, (f.creationBurstCount - 2) / RING_SCORE_WEIGHTS.burstFullHeadcount));
    const evidence = w.burst * Math.min(f.creationBurstSurprise, w.burstSurpriseCap) * headcount;
    if (evidence > 0.05) {
      reasons.push({
        code: 'creation_burst',
        text: `${f.creationBurstCount} of ${f.size} created within ${durationText(f.creationBurstHours)}`,
        weight: evidence,
      });
    }
  }

  if (f.syncTargets > 0) {
    reasons.push({
      code: 'synchronized_actions',
      text: `acted on ${f.syncTargets} of the same targets within ${options.syncWindowSeconds} s of each other`,
      weight: w.synchrony * Math.log2(1 + f.syncTargets),
    });
  }

  if (f.ownTargets > 0) {
    reasons.push({
      code: 'own_targets',
      text: `${f.ownTargets} target${f.ownTargets === 1 ? '' : 's'} got most of their activity from these accounts`,
      weight: w.ownTargets * Math.log2(1 + f.ownTargets),
    });
  }

  if (f.knownBadShare > 0) {
    reasons.push({
      code: 'known_bad',
      text: `${Math.round(f.knownBadShare * f.size)} of ${f.size} are known fraud`,
      weight: w.knownBad * f.knownBadShare,
    });
  }

  const conductancePenalty = w.conductance * f.conductance;
  reasons.sort((x, y) => y.weight - x.weight || x.code.localeCompare(y.code));
  const z = w.bias + reasons.reduce((sum, r) => sum + r.weight, 0) + conductancePenalty;
  if (f.conductance < 0.1 && reasons.length > 0) {
    reasons.push({ code: 'closed_group', text: `closed group: ${Math.round((1 - f.conductance) * 100)}% of its ties are internal`, weight: 0 });
  }
  return { score: round6(1 / (1 + Math.exp(-z))), reasons: reasons.map((r) => ({ ...r, weight: round6(r.weight) })) };
}

function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : pluralOf(noun)}`;
}

function pluralOf(noun: string): string {
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

function durationText(hours: number): string {
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = hours / 24;
  return `${days} day${days === 1 ? '' : 's'}`;
}

