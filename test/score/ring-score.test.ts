import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreRing } from '../../src/score/ring-score.js';
import type { RingMeasurements } from '../../src/score/ring-features.js';
import type { RingFeatures } from '../../src/schema/findings.js';

function features(overrides: Partial<RingFeatures>): RingFeatures {
  return {
    size: 10, edges: 20, density: 0.4, sharedEntities: 0, sharedEntitiesByType: {}, accountsPerSharedEntity: 0,
    strongIdentifierShare: 0, creationBurstShare: 0, creationBurstCount: 0, creationBurstHours: 3, creationBurstSurprise: 0,
    synchronyShare: 0, syncTargets: 0, ownTargets: 0, knownBadShare: 0, conductance: 0, hubEntities: 0, ...overrides,
  };
}

const options = { syncWindowSeconds: 30 };

describe('scoreRing', () => {
  it('a ring with no evidence scores low and gives no reasons', () => {
    const scored = scoreRing({ features: features({}), sharedByType: [], sharingExcess: 0 }, options);
    expect(scored.score).toBeLessThan(0.05);
    expect(scored.reasons).toEqual([]);
  });

  it('27 accounts on 4 devices created in a burst: flagged, with the sharing and the burst in words', () => {
    const measured: RingMeasurements = {
      features: features({ size: 27, creationBurstCount: 19, creationBurstSurprise: 40, sharedEntities: 4, sharedEntitiesByType: { device: 4 } }),
      sharedByType: [{ type: 'device', entities: 4, accounts: 27, typeWeight: 1, suspicion: 1 }],
      sharingExcess: 23,
    };
    const scored = scoreRing(measured, options);
    expect(scored.score).toBeGreaterThan(0.9);
    expect(scored.reasons.map((r) => r.text)).toEqual(expect.arrayContaining(['27 accounts share 4 devices', '19 of 27 created within 3 hours']));
  });

  it('scores stay in [0, 1] and reasons come ranked by weight (property)', () => {
    fc.assert(
      fc.property(
        fc.record({
          size: fc.integer({ min: 2, max: 500 }),
          burst: fc.integer({ min: 0, max: 500 }),
          surprise: fc.double({ min: 0, max: 1000, noNaN: true }),
          sync: fc.integer({ min: 0, max: 1000 }),
          conductance: fc.double({ min: 0, max: 1, noNaN: true }),
          knownBad: fc.double({ min: 0, max: 1, noNaN: true }),
          excess: fc.double({ min: 0, max: 1e6, noNaN: true }),
        }),
        (x) => {
          const measured: RingMeasurements = {
            features: features({ size: x.size, creationBurstCount: Math.min(x.burst, x.size), creationBurstSurprise: x.surprise, syncTargets: x.sync, conductance: x.conductance, knownBadShare: x.knownBad }),
            sharedByType: x.excess > 0 ? [{ type: 'card', entities: 1, accounts: x.size, typeWeight: 1, suspicion: 1 }] : [],
            sharingExcess: x.excess,
          };
          const { score, reasons } = scoreRing(measured, options);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          for (let i = 1; i < reasons.length; i++) expect(reasons[i - 1]!.weight).toBeGreaterThanOrEqual(reasons[i]!.weight);
        },
      ),
      { numRuns: 300 },
    );
  });
});
