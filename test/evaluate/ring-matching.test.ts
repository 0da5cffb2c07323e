import { describe, expect, it } from 'vitest';
import { matchTrueRings } from '../../src/evaluate/ring-matching.js';

describe('matchTrueRings', () => {
  it('a true ring of 8 split into two predicted halves gives Jaccard 0.5 on every side', () => {
    const ringOf = Int32Array.from([0, 0, 0, 0, 0, 0, 0, 0]);
    const m = matchTrueRings(ringOf, [8], [
      { size: 4, known: [0, 1, 2, 3] },
      { size: 4, known: [4, 5, 6, 7] },
    ]);
    expect([...m.trueBest]).toEqual([0.5]);
    expect([...m.trueMatch]).toEqual([0]);
    expect([...m.predictedBest]).toEqual([0.5, 0.5]);
  });

  it('two true rings merged into one prediction: each 4/10 and 6/10, the prediction matches the larger', () => {
    const ringOf = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    const m = matchTrueRings(ringOf, [4, 6], [{ size: 10, known: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] }]);
    expect([...m.trueBest]).toEqual([0.4, 0.6]);
    expect([...m.predictedMatch]).toEqual([1]);
  });

  it('members unknown to the truth still enlarge the prediction: 3 of a ring of 3 plus 3 strangers gives 0.5', () => {
    const m = matchTrueRings(Int32Array.from([0, 0, 0]), [3], [{ size: 6, known: [0, 1, 2] }]);
    expect(m.trueBest[0]).toBe(0.5);
  });

  it('a true ring no prediction touches has Jaccard 0 and no match', () => {
    const m = matchTrueRings(Int32Array.from([0, 0, -1]), [2], [{ size: 1, known: [2] }]);
    expect([...m.trueBest, ...m.trueMatch, ...m.predictedBest, ...m.predictedMatch]).toEqual([0, -1, 0, -1]);
  });
});
