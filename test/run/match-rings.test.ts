// Ring matching: each lifecycle rule on a hand-built case, then invariants over random partitions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchRings } from '../../src/run/match-rings.js';
import { ringIdOf } from '../../src/run/ring-id.js';

const names = (prefix: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);

describe('matchRings', () => {
  it('with no previous run every ring is new and named by its members', () => {
    const result = matchRings([], [{ members: ['b', 'a'] }, { members: ['c', 'd'] }]);
    expect(result).toEqual({
      rings: [
        { id: ringIdOf(['a', 'b']), status: 'new', previous: [] },
        { id: ringIdOf(['c', 'd']), status: 'new', previous: [] },
      ],
      dissolved: [],
    });
    expect(result.rings[0]!.id).toMatch(/^R[0-9a-f]{12}$/);
  });

  it('the same members keep the id (persisting); ±10 % is still persisting', () => {
    const prev = [{ id: 'R1', members: names('a', 0, 10) }];
    expect(matchRings(prev, [{ members: names('a', 0, 10) }]).rings[0]).toEqual({ id: 'R1', status: 'persisting', previous: ['R1'] });
    expect(matchRings(prev, [{ members: names('a', 0, 11) }]).rings[0]!.status).toBe('persisting');
    expect(matchRings(prev, [{ members: names('a', 0, 9) }]).rings[0]!.status).toBe('persisting');
  });

  it('grown above +10 %, shrunk below −10 %, still the same id while Jaccard ≥ 0.5', () => {
    const prev = [{ id: 'R1', members: names('a', 0, 10) }];
    expect(matchRings(prev, [{ members: names('a', 0, 14) }]).rings[0]).toEqual({ id: 'R1', status: 'grown', previous: ['R1'] });
    expect(matchRings(prev, [{ members: names('a', 0, 6) }]).rings[0]).toEqual({ id: 'R1', status: 'shrunk', previous: ['R1'] });
  });

  it('below the Jaccard threshold the ring is new and the old one dissolved', () => {
    const prev = [{ id: 'R1', members: names('a', 0, 10) }];
    const result = matchRings(prev, [{ members: [...names('a', 0, 4), ...names('z', 0, 6)] }]);
    expect(result.rings[0]!.status).toBe('new');
    expect(result.dissolved).toEqual(['R1']);
    // a laxer threshold matches the same pair (4 shared of 16 distinct); same size, so persisting
    expect(matchRings(prev, [{ members: [...names('a', 0, 4), ...names('z', 0, 6)] }], { minJaccard: 0.25 }).rings[0]).toEqual({ id: 'R1', status: 'persisting', previous: ['R1'] });
  });

  it('two rings that fuse are merged under the id of the bigger contributor; neither is dissolved', () => {
    const prev = [
      { id: 'R1', members: names('a', 0, 4) },
      { id: 'R2', members: names('b', 0, 6) },
    ];
    const result = matchRings(prev, [{ members: [...names('a', 0, 3), ...names('b', 0, 6)] }]);
    expect(result).toEqual({ rings: [{ id: 'R2', status: 'merged', previous: ['R2', 'R1'] }], dissolved: [] });
  });

  it('a ring that breaks in two is split: the bigger share keeps the id, the other piece gets a fresh one', () => {
    const prev = [{ id: 'R1', members: names('a', 0, 12) }];
    const pieceA = names('a', 0, 7);
    const pieceB = names('a', 7, 12);
    const result = matchRings(prev, [{ members: pieceB }, { members: pieceA }]);
    expect(result.rings).toEqual([
      { id: ringIdOf(pieceB), status: 'split', previous: ['R1'] },
      { id: 'R1', status: 'split', previous: ['R1'] },
    ]);
    expect(result.dissolved).toEqual([]);
  });

  it('a fresh id that collides with a kept id is suffixed, deterministically', () => {
    const members = names('a', 0, 4);
    // the previous run happens to use the hash id of today's new ring for an unrelated ring that persists
    const prev = [{ id: ringIdOf(members), members: names('z', 0, 4) }];
    const result = matchRings(prev, [{ members: names('z', 0, 4) }, { members }]);
    expect(result.rings.map((r) => r.id)).toEqual([ringIdOf(members), `${ringIdOf(members)}-2`]);
  });

  const partition = fc
    .tuple(fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 8, maxLength: 60 }), fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 8, maxLength: 60 }))
    .map(([before, after]) => {
      const group = (labels: number[]) => {
        const rings = new Map<number, string[]>();
        labels.forEach((label, i) => rings.set(label, [...(rings.get(label) ?? []), `acc${i}`]));
        return [...rings.values()];
      };
      return { before: group(before), after: group(after) };
    });

  it('ids are unique, every previous ring is either continued or dissolved, and input order changes nothing', () => {
    fc.assert(
      fc.property(partition, fc.integer(), ({ before, after }, seed) => {
        const first = matchRings([], before.map((members) => ({ members })));
        const previous = before.map((members, i) => ({ id: first.rings[i]!.id, members }));
        const result = matchRings(previous, after.map((members) => ({ members })));
        const ids = result.rings.map((r) => r.id);
        expect(new Set(ids).size).toBe(ids.length);
        const continued = new Set(result.rings.flatMap((r) => r.previous));
        for (const ring of previous) expect(continued.has(ring.id) !== result.dissolved.includes(ring.id)).toBe(true);

        const shuffle = <T>(items: T[]) => items.map((item, i) => ({ item, key: (i * 7919 + seed) % 104729 })).sort((a, b) => a.key - b.key).map((x) => x.item);
        const order = shuffle(after.map((_, i) => i));
        const shuffled = matchRings(shuffle(previous), order.map((i) => ({ members: shuffle(after[i]!) })));
        order.forEach((original, position) => expect(shuffled.rings[position]).toEqual(result.rings[original]));
        expect(shuffled.dissolved).toEqual(result.dissolved);
      }),
      { numRuns: 200 },
    );
  });

  it('matching a run against itself keeps every id as persisting', () => {
    fc.assert(
      fc.property(partition, ({ before }) => {
        const previous = before.map((members, i) => ({ id: `R${i}`, members }));
        const result = matchRings(previous, before.map((members) => ({ members })));
        expect(result.rings).toEqual(before.map((_, i) => ({ id: `R${i}`, status: 'persisting', previous: [`R${i}`] })));
        expect(result.dissolved).toEqual([]);
      }),
    );
  });
});
