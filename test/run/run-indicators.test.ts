// Indicators of a run, and the config hash's independence from key order.
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashConfig } from '../../src/run/canonical-json.js';
import { computeIndicators } from '../../src/run/run-indicators.js';

describe('computeIndicators', () => {
  it('counts flagged, new and continuing rings and summarises scores (nearest-rank p90)', () => {
    const scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
    const rings = scores.map((score, i) => ({ score, flagged: score >= 0.5, status: i < 3 ? ('new' as const) : i === 3 ? ('merged' as const) : ('persisting' as const) }));
    expect(computeIndicators({ rings, accountsFlagged: 57, dissolvedRings: 2 })).toEqual({
      ringsFlagged: 6,
      accountsFlagged: 57,
      newRings: 3,
      persistingRings: 7,
      dissolvedRings: 2,
      meanRingScore: expect.closeTo(0.55, 12),
      p90RingScore: 0.9,
    });
  });

  it('an empty run has zero scores, not NaN', () => {
    expect(computeIndicators({ rings: [], accountsFlagged: 0, dissolvedRings: 0 })).toEqual({
      ringsFlagged: 0,
      accountsFlagged: 0,
      newRings: 0,
      persistingRings: 0,
      dissolvedRings: 0,
      meanRingScore: 0,
      p90RingScore: 0,
    });
  });
});

describe('hashConfig', () => {
  it('ignores key order and undefined fields, and changes with any value', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe('{"a":{"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(hashConfig({ a: 1, b: 2 })).toBe(hashConfig({ b: 2, a: 1 }));
    expect(hashConfig({ a: 1, b: 2 })).not.toBe(hashConfig({ a: 1, b: 3 }));
    expect(hashConfig({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
