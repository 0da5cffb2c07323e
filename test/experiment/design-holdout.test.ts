// designHoldout: ring-level, stratified, deterministic from the seed, with the designed holdout size.
import { describe, expect, it } from 'vitest';
import { designHoldout, type FlaggedRing } from '../../src/experiment/design-holdout.js';

const rings: FlaggedRing[] = Array.from({ length: 203 }, (_, r) => ({ id: `ring${r}`, score: 0.5 + (r % 50) / 100, members: Array.from({ length: 1 + (r % 7) }, (_, k) => `r${r}m${k}`) }));
const design = (seed: number, holdout = 0.1) => designHoldout(rings, { holdout, stratify: 'band', bands: 4, seed });

describe('designHoldout', () => {
  it('every member of a ring shares its arm', () => {
    const armOf = new Map<string, string>();
    for (const row of design(1).rows) {
      expect(armOf.get(row.ring) ?? row.arm).toBe(row.arm);
      armOf.set(row.ring, row.arm);
    }
    expect(armOf.size).toBe(203);
  });
  it('holds out round(0.1 × 203) = 20 rings, spread over 4 score bands in proportion', () => {
    const d = design(1);
    expect(d.strata).toHaveLength(4);
    expect(d.strata.reduce((s, b) => s + b.holdoutRings, 0)).toBe(20);
    for (const band of d.strata) expect(Math.abs(band.holdoutRings - 0.1 * band.rings)).toBeLessThanOrEqual(1);
    // bands are ordered by ring score and do not overlap
    for (let b = 1; b < d.strata.length; b++) expect(d.strata[b]!.scoreFrom).toBeGreaterThanOrEqual(d.strata[b - 1]!.scoreTo);
  });
  it('same rings and seed give the same assignment, whatever the input order; another seed gives another', () => {
    const again = designHoldout([...rings].reverse(), { holdout: 0.1, stratify: 'band', bands: 4, seed: 1 });
    expect(JSON.stringify(again.rows)).toBe(JSON.stringify(design(1).rows));
    expect(JSON.stringify(design(2).rows)).not.toBe(JSON.stringify(design(1).rows));
  });
  it('an account in two rings stays in the riskier one only', () => {
    const d = designHoldout(
      [
        { id: 'low', score: 0.6, members: ['a', 'b'] },
        { id: 'high', score: 0.9, members: ['b', 'c'] },
        { id: 'other', score: 0.7, members: ['d'] },
      ],
      { holdout: 0.5, stratify: 'none', bands: 1, seed: 1 },
    );
    expect(d.accountsInSeveralRings).toBe(1);
    expect(d.rows.find((r) => r.account === 'b')!.ring).toBe('high');
  });
  it('refuses a holdout of 0 or fewer than 2 rings, in words', () => {
    expect(() => designHoldout(rings, { holdout: 0, stratify: 'band', bands: 4, seed: 1 })).toThrow(/between 0 and 1/);
    expect(() => designHoldout(rings.slice(0, 1), { holdout: 0.5, stratify: 'band', bands: 4, seed: 1 })).toThrow(/at least 2 flagged rings/);
  });
});
