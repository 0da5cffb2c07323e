import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EVIDENCE_TERMS, RING_SCORE_WEIGHTS, evidenceTerms, ringLogit, scoreRing, type RingScoreWeights } from '../../src/score/ring-score.js';
import type { RingMeasurements, SharedByType } from '../../src/score/ring-features.js';
import { ringFeatures } from '../helpers/ring-features.js';

const features = ringFeatures;

const devices = (entities: number, accounts: number, surprise = 2): SharedByType => ({ type: 'device', entities, accounts, surprise });

describe('scoreRing', () => {
  it('a ring with no evidence scores the logistic of the bias alone and gives no reasons', () => {
    const scored = scoreRing({ features: features({}), sharedByType: [] });
    expect(scored.score).toBeCloseTo(1 / (1 + Math.exp(-RING_SCORE_WEIGHTS.bias)), 6);
    expect(scored.score).toBeLessThan(0.05);
    expect(scored.reasons).toEqual([]);
  });

  it('27 accounts on 4 devices created in a burst: flagged, with the sharing and the burst in words', () => {
    const measured: RingMeasurements = {
      features: features({ size: 27, creationBurstCount: 19, creationBurstSurprise: 40, sharedEntities: 4, sharedEntitiesByType: { device: 4 }, sharingSets: 4, sharingEvidence: 6 }),
      sharedByType: [devices(4, 27)],
    };
    const scored = scoreRing(measured);
    expect(scored.score).toBeGreaterThan(0.9);
    expect(scored.reasons.map((r) => r.text)).toEqual(expect.arrayContaining(['27 accounts share 4 devices', '19 of 27 created within 3 hours']));
  });

  it('100 accounts registered in one burst far above the background, sharing nothing rarer than a hub, are flagged on the burst alone', () => {
    const measured: RingMeasurements = { features: features({ size: 100, registrationBurstMembers: 100, registrationBurstSurprise: 6, hubEntities: 1 }), sharedByType: [] };
    const scored = scoreRing(measured);
    expect(scored.score).toBeGreaterThan(0.5);
    expect(scored.reasons.filter((r) => r.weight > 0).map((r) => r.code)).toEqual(['registration_burst']);
    expect(scored.reasons[0]!.text).toBe('100 of 100 were registered in one burst far above the background sign-up rate');
  });

  it('evidence adds up: no term multiplies another down, so a ring with sharing and no burst keeps its sharing contribution', () => {
    const sharingOnly = evidenceTerms(features({ sharingSets: 3, sharingEvidence: 5 }));
    const withBurst = evidenceTerms(features({ sharingSets: 3, sharingEvidence: 5, creationBurstCount: 10, creationBurstSurprise: 20 }));
    expect(withBurst.sharing).toBe(sharingOnly.sharing);
    expect(withBurst.sharingSets).toBe(sharingOnly.sharingSets);
    expect(sharingOnly.creationBurst).toBe(0);
    expect(ringLogit(withBurst, RING_SCORE_WEIGHTS) - ringLogit(sharingOnly, RING_SCORE_WEIGHTS)).toBeCloseTo(RING_SCORE_WEIGHTS.creationBurst * withBurst.creationBurst, 9);
  });

  it('a creation burst of two (a couple signing up together) is no evidence; it grows with headcount and never exceeds its cap', () => {
    const burst = (count: number, surprise: number) => evidenceTerms(features({ size: Math.max(count, 10), creationBurstCount: count, creationBurstSurprise: surprise })).creationBurst;
    expect(burst(2, 30)).toBe(0);
    expect(burst(8, 30)).toBeGreaterThan(0);
    expect(burst(14, 30)).toBeGreaterThan(burst(8, 30));
    expect(burst(1000, 30)).toBeGreaterThanOrEqual(burst(14, 30));
    // surprise is capped at 30 and the term is surprise × headcount share / 10
    expect(burst(1000, 3000)).toBeCloseTo(3, 9);
  });

  it('synchrony and own targets count by the share of members involved: a pod acting as one, not three of a hundred', () => {
    const pod = evidenceTerms(features({ size: 20, syncTargets: 30, syncMemberShare: 1, ownTargets: 12, ownTargetMemberShare: 1 }));
    const fewOfMany = evidenceTerms(features({ size: 100, syncTargets: 30, syncMemberShare: 0.03, ownTargets: 12, ownTargetMemberShare: 0.03 }));
    expect(pod.synchrony).toBeCloseTo(Math.log2(31), 9);
    expect(pod.ownTargets).toBeCloseTo(Math.log2(13), 9);
    expect(fewOfMany.synchrony).toBeCloseTo(Math.log2(1 + 0.9), 9);
    expect(fewOfMany.ownTargets).toBeCloseTo(Math.log2(1 + 0.36), 9);
  });

  it('scores with the weights it is given: zero weights but a positive bias score every ring the same', () => {
    const flat = { bias: 2, ...Object.fromEntries(EVIDENCE_TERMS.map((t) => [t, 0])) } as RingScoreWeights;
    const strong = scoreRing({ features: features({ sharingSets: 9, sharingEvidence: 50, syncTargets: 30, synchronyEvidence: 20 }), sharedByType: [devices(9, 10)] }, flat);
    const empty = scoreRing({ features: features({}), sharedByType: [] }, flat);
    expect(strong.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(empty.score).toBe(strong.score);
  });

  it('scores stay in [0, 1] and reasons come ranked by weight (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          size: fc.integer({ min: 2, max: 500 }),
          burst: fc.integer({ min: 0, max: 500 }),
          surprise: fc.double({ min: 0, max: 1000, noNaN: true }),
          registration: fc.integer({ min: 0, max: 500 }),
          sync: fc.integer({ min: 0, max: 1000 }),
          syncEvidence: fc.double({ min: 0, max: 100, noNaN: true }),
          own: fc.integer({ min: 0, max: 50 }),
          conductance: fc.double({ min: 0, max: 1, noNaN: true }),
          sets: fc.integer({ min: 0, max: 200 }),
          sharing: fc.double({ min: 0, max: 1e6, noNaN: true }),
        }),
        (x) => {
          const measured: RingMeasurements = {
            features: features({
              size: x.size, creationBurstCount: Math.min(x.burst, x.size), creationBurstSurprise: x.surprise, registrationBurstMembers: Math.min(x.registration, x.size),
              registrationBurstSurprise: 6, syncTargets: x.sync, synchronyEvidence: x.syncEvidence, ownTargets: x.own, conductance: x.conductance, sharingSets: x.sets, sharingEvidence: x.sharing,
            }),
            sharedByType: x.sets > 0 ? [{ type: 'card', entities: 1, accounts: x.size, surprise: 3 }] : [],
          };
          const { score, reasons } = scoreRing(measured);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          for (let i = 1; i < reasons.length; i++) expect(reasons[i - 1]!.weight).toBeGreaterThanOrEqual(reasons[i]!.weight);
        },
      ),
      { numRuns: 300 },
    );
  });
});
