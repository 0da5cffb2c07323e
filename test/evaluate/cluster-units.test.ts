// Cluster units: accounts sharing a true or flagged ring are one resampling unit; everyone else stands alone.
import { describe, expect, it } from 'vitest';
import { buildClusterUnits } from '../../src/evaluate/cluster-units.js';

describe('buildClusterUnits', () => {
  it('a true ring {0,1,2} and a flagged ring {2,5} chain into one unit; 3 and 4 stay singletons', () => {
    const trueRing = [0, 0, 0, -1, -1, -1];
    const flagged = [-1, -1, 7, -1, -1, 7];
    const units = buildClusterUnits(6, [trueRing, flagged]);
    expect(Array.from(units.clusterOf)).toEqual([0, 0, 0, 1, 2, 0]);
    expect(units.count).toBe(3);
    expect(Array.from(units.sizes)).toEqual([4, 1, 1]);
  });

  it('no groupings: every account is its own unit, numbered in account order', () => {
    const units = buildClusterUnits(4, []);
    expect(Array.from(units.clusterOf)).toEqual([0, 1, 2, 3]);
  });

  it('numbering follows the first account of each unit whatever the group ids', () => {
    const units = buildClusterUnits(5, [[9, 3, 9, 3, -1]]);
    expect(Array.from(units.clusterOf)).toEqual([0, 1, 0, 1, 2]);
  });

  it('rejects a grouping of the wrong length', () => {
    expect(() => buildClusterUnits(3, [[0, 0]])).toThrow(/expected 3/);
  });
});
