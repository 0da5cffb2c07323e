// Turns a ring's measurements into evidence terms, a score in [0, 1] and ranked reasons in plain words.
// The score is a logistic over additive evidence terms, each ≥ 0 and none multiplying another: sharing judged
// against each identifier's type, registration and creation bursts, synchrony, the ring's own targets.
import { round6 } from '../lib/round.js';
import type { Reason, RingFeatures } from '../schema/findings.js';
import type { RingMeasurements } from './ring-features.js';

export const EVIDENCE_TERMS = ['sharing', 'sharingSets', 'creationBurst', 'registrationBurst', 'synchrony', 'ownTargets', 'conductance'] as const;
export type EvidenceTerm = (typeof EVIDENCE_TERMS)[number];
/** The sign each term's weight keeps, learned or not: evidence only ever raises a score, and a ring whose ties lead outside only lowers it. */
export const TERM_SIGNS: Record<EvidenceTerm, 1 | -1> = { sharing: 1, sharingSets: 1, creationBurst: 1, registrationBurst: 1, synchrony: 1, ownTargets: 1, conductance: -1 };

export type RingScoreWeights = { bias: number } & Record<EvidenceTerm, number>;

/**
 * Defaults, used until enough labels are there to learn from (score-rings.ts): fitted by `npm run fit:defaults`
 * (scripts/fit-default-weights.ts) on the tuning family's truth at 100,000 accounts, never on held-out data, with
 * design cases that must flag whatever the generator holds (a registration burst alone, a device farm made in a
 * burst). Conductance came out at its sign's bound: on those datasets it adds nothing the other terms do not
 * already say.
 */
export const RING_SCORE_WEIGHTS: RingScoreWeights = {
  bias: -4.207,
  /** Per log2(1 + sharing evidence × log2(1 + size / 4)): distinct member sets × their identifiers' surprise × the
   * share of the ring they tie, growing with the ring's size (thirty accounts tied as tightly as a family of eight are more). */
  sharing: 0.369,
  /** Per log2(1 + crossing evidence): members juggling a pool of one kind of identifier, each tying a different overlapping
   * subset, weighted by the share of the ring each ties; a household has one of each kind. */
  sharingSets: 4.209,
  /** Per unit of the ring's creation-burst term (surprise capped at 30, scaled by headcount, / 10). */
  creationBurst: 2.731,
  /** Per unit of registration-burst surprise × the share of members inside that burst. */
  registrationBurst: 1.547,
  /** Per log2(1 + targets members tied by synchrony acted on close together × the share of members so tied):
   * a pod acting as one is strong, three of a hundred accounts liking the same posts is not. */
  synchrony: 1.952,
  /** Per log2(1 + the ring's own targets × the share of members acting on them). */
  ownTargets: 3.341,
  /** A ring whose ties mostly lead outside it is less likely to be a closed group. */
  conductance: 0,
};

/** Creation-burst evidence reaches full strength at this many members beyond two (families sign up together; farms are bigger). */
const BURST_FULL_HEADCOUNT = 24;
const BURST_SURPRISE_CAP = 30;

export function evidenceTerms(f: RingFeatures): Record<EvidenceTerm, number> {
  const headcount = Math.min(1, Math.max(0, (f.creationBurstCount - 2) / BURST_FULL_HEADCOUNT));
  return {
    sharing: Math.log2(1 + f.sharingEvidence),
    sharingSets: Math.log2(1 + f.crossingEvidence),
    creationBurst: f.creationBurstCount >= 3 ? (Math.min(f.creationBurstSurprise, BURST_SURPRISE_CAP) * headcount) / 10 : 0,
    registrationBurst: f.registrationBurstMembers >= 2 && f.size > 0 ? (f.registrationBurstSurprise * f.registrationBurstMembers) / f.size : 0,
    synchrony: Math.log2(1 + f.syncTargets * f.syncMemberShare),
    ownTargets: Math.log2(1 + f.ownTargets * f.ownTargetMemberShare),
    conductance: f.conductance,
  };
}

export function ringLogit(terms: Record<EvidenceTerm, number>, weights: RingScoreWeights): number {
  let z = weights.bias;
  for (const term of EVIDENCE_TERMS) z += weights[term] * terms[term];
  return z;
}

/** A logit as a probability. */
export function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export interface RingScore {
  score: number;
  reasons: Reason[];
}

export function scoreRing(measured: RingMeasurements, weights: RingScoreWeights = RING_SCORE_WEIGHTS): RingScore {
  const f = measured.features;
  const terms = evidenceTerms(f);
  const contribution = (term: EvidenceTerm) => weights[term] * terms[term];
  const reasons: Reason[] = [];

  const [strongest, ...others] = measured.sharedByType;
  const sharing = contribution('sharing') + contribution('sharingSets');
  // What members share is shown whenever they share something, even where the weights give it nothing (as for the closed group below).
  if (strongest && terms.sharing + terms.sharingSets > 0) {
    const also = others.slice(0, 2);
    const alsoText = also.length > 0 ? `; they also share ${also.map((g) => countOf(g.entities, g.type)).join(' and ')}` : '';
    reasons.push({ code: 'shared_identifiers', text: `${strongest.accounts} accounts share ${countOf(strongest.entities, strongest.type)}${alsoText}`, weight: sharing });
  }
  if (contribution('registrationBurst') > 0.05) {
    reasons.push({
      code: 'registration_burst',
      text: `${f.registrationBurstMembers} of ${f.size} were registered in one burst far above the background sign-up rate`,
      weight: contribution('registrationBurst'),
    });
  }
  if (contribution('creationBurst') > 0.05) {
    reasons.push({ code: 'creation_burst', text: `${f.creationBurstCount} of ${f.size} created within ${hoursText(f.creationBurstHours)}`, weight: contribution('creationBurst') });
  }
  if (f.syncTargets > 0 && contribution('synchrony') > 0) {
    reasons.push({
      code: 'synchronized_actions',
      text: `acted on the same ${countOf(f.syncTargets, 'target')} one right after the other, typically ${secondsText(f.syncGapSec)} apart`,
      weight: contribution('synchrony'),
    });
  }
  if (f.ownTargets > 0 && contribution('ownTargets') > 0) {
    reasons.push({
      code: 'own_targets',
      text: `${f.ownTargets} target${f.ownTargets === 1 ? '' : 's'} got most of their activity from these accounts`,
      weight: contribution('ownTargets'),
    });
  }
  reasons.sort((x, y) => y.weight - x.weight || x.code.localeCompare(y.code));
  const z = ringLogit(terms, weights);
  if (f.conductance < 0.1 && reasons.length > 0) {
    reasons.push({ code: 'closed_group', text: `closed group: ${Math.round((1 - f.conductance) * 100)}% of its ties are internal`, weight: 0 });
  }
  return { score: round6(logistic(z)), reasons: reasons.map((r) => ({ ...r, weight: round6(r.weight) })) };
}

function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : pluralOf(noun)}`;
}

function pluralOf(noun: string): string {
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

function hoursText(hours: number): string {
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = hours / 24;
  return `${days} day${days === 1 ? '' : 's'}`;
}

function secondsText(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return hoursText(Math.round(seconds / 3600));
}
