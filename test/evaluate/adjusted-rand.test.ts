import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/evaluate/adjusted-rand.js';

/** Reference by pair counting, O(n²): only for small property-test inputs. */
function pairCountingAri(a: number[], b: number[]): number | null {
  const n = a.length;
  if (n < 2) return null;
  const same = (p: number[], i: number, j: number) => p[i]! >= 0 && p[i] === p[j];
  let both = 0;
  let inA = 0;
  let inB = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const sa = same(a, i, j);
      const sb = same(b, i, j);
      if (sa) inA++;
      if (sb) inB++;
      if (sa && sb) both++;
    }
  const pairs = (n * (n - 1)) / 2;
  if ((inA === 0 && inB === 0) || (inA === pairs && inB === pairs)) return 1;
  const expected = (inA * inB) / pairs;
  return (both - expected) / ((inA + inB) / 2 - expected);
}

const partition = (n: number) => fc.array(fc.integer({ min: -1, max: 5 }), { minLength: n, maxLength: n });
const twoPartitions = fc.integer({ min: 2, max: 40 }).chain((n) => fc.tuple(partition(n), partition(n)));

describe('adjustedRandIndex', () => {
  it('identical partitions give 1', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [0, 0, 1, 1, 2])).toBe(1);
  });

  it('the same partition under other cluster ids gives 1', () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [7, 7, 3, 3, 9])).toBe(1);
  });

  it('[0,0,1,1] vs [0,0,1,2] gives 4/7 (the scikit-learn documentation example)', () => {
    // contingency: (0,0)=2, (1,1)=1, (1,2)=1 → Σ C(nij,2) = 1
    // rows a: sizes 2,2 → Σ C = 2; columns b: sizes 2,1,1 → Σ C = 1; pairs C(4,2) = 6
    // expected = 2·1/6 = 1/3; max = (2+1)/2 = 3/2; ARI = (1 − 1/3) / (3/2 − 1/3) = (2/3)/(7/6) = 4/7
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
  });

  it('a 6-item textbook example: [0,0,0,1,1,1] vs [0,0,1,1,2,2] gives 0.2424…', () => {
    // contingency: (0,0)=2, (0,1)=1, (1,1)=1, (1,2)=2 → Σ C(nij,2) = 1 + 1 = 2
    // a: 3,3 → 3 + 3 = 6; b: 2,2,2 → 3; pairs 15; expected = 18/15 = 1.2; max = 4.5
    // ARI = (2 − 1.2) / (4.5 − 1.2) = 0.8 / 3.3 = 8/33
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(8 / 33, 12);
  });

  it('negative ids are singletons: [-1,-1,0,0] equals [5,6,7,7]', () => {
    expect(adjustedRandIndex([-1, -1, 0, 0], [5, 6, 7, 7])).toBe(1);
  });

  it('all singletons vs one cluster gives 0; all singletons vs all singletons gives 1', () => {
    expect(adjustedRandIndex([-1, -1, -1, -1], [0, 0, 0, 0])).toBe(0);
    expect(adjustedRandIndex([-1, -1, -1], [-1, -1, -1])).toBe(1);
  });

  it('fewer than two items gives null; different lengths throw', () => {
    expect(adjustedRandIndex([0], [0])).toBeNull();
    expect(adjustedRandIndex([], [])).toBeNull();
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(/length/);
  });

  it('property: equals pair counting, is symmetric, lies in [-1, 1]', () => {
    fc.assert(
      fc.property(twoPartitions, ([a, b]) => {
        const ari = adjustedRandIndex(a, b)!;
        expect(ari).toBeCloseTo(pairCountingAri(a, b)!, 9);
        expect(adjustedRandIndex(b, a)).toBe(ari);
        expect(ari).toBeGreaterThanOrEqual(-1);
        expect(ari).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('property: relabelling clusters and reordering items change nothing', () => {
    fc.assert(
      fc.property(
        twoPartitions.chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }), fc.shuffledSubarray(a.map((_, i) => i), { minLength: a.length, maxLength: a.length }))),
        ([a, b, relabel, order]) => {
          const ari = adjustedRandIndex(a, b);
          const relabelled = a.map((x) => (x < 0 ? x : relabel[x]! + 100));
          expect(adjustedRandIndex(relabelled, b)).toBe(ari);
          expect(adjustedRandIndex(order.map((i) => a[i]!), order.map((i) => b[i]!))).toBe(ari);
        },
      ),
    );
  });
});
