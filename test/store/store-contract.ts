// The one contract every FindingsStore passes; each backend's test file calls describeStoreContract with a harness.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RingscanError } from '../../src/schema/errors.js';
import type { Findings } from '../../src/schema/findings.js';
import type { ExportRow, FindingsStore, RunToSave } from '../../src/store/findings-store.js';
import { accountsNamed, makeFindings, toRunToSave } from './findings-fixture.js';

/** Storage for one test: open() may be called again for a second connection to the same data. */
export interface StoreHarness {
  open(): Promise<FindingsStore>;
  cleanup(): Promise<void>;
}

/** Day 1: five rings (B and C tie on score), one account with risk outside any ring. */
export function dayOneFindings(): Findings {
  return makeFindings(
    [
      { id: 'ringA', members: accountsNamed('a', 5), score: 0.9 },
      { id: 'ringC', members: accountsNamed('c', 4), score: 0.7 },
      { id: 'ringB', members: accountsNamed('b', 4), score: 0.7 },
      { id: 'ringD', members: accountsNamed('d', 5), score: 0.3 },
      { id: 'ringE', members: accountsNamed('e', 4), score: 0.1 },
    ],
    [{ account: 'x1', risk: 0.05 }],
  );
}

/** Day 2: ringA persists, ringB dissolves, ringF is new. */
export function dayTwoFindings(): Findings {
  return makeFindings([
    { id: 'ringA', members: accountsNamed('a', 5), score: 0.8 },
    { id: 'ringF', members: accountsNamed('f', 4), score: 0.6 },
  ]);
}

export const runOne = (): RunToSave =>
  toRunToSave(dayOneFindings(), { runId: 'run-1', finishedAt: '2025-01-01T00:05:00.000Z', statusOf: (id) => (id === 'ringD' ? 'persisting' : 'new') });

export const runTwo = (): RunToSave =>
  toRunToSave(dayTwoFindings(), {
    runId: 'run-2',
    finishedAt: '2025-01-02T00:05:00.000Z',
    statusOf: (id) => (id === 'ringA' ? 'persisting' : 'new'),
    dissolved: [{ id: 'ringB', size: 4, score: 0.7 }],
  });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function rejection(promise: Promise<unknown>): Promise<RingscanError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RingscanError);
  return error as RingscanError;
}

export function describeStoreContract(name: string, makeStore: () => Promise<StoreHarness>, options: { timeoutMs?: number } = {}): void {
  describe(`FindingsStore contract: ${name}`, { timeout: options.timeoutMs ?? 20_000 }, () => {
    let harness: StoreHarness;
    let store: FindingsStore;

    beforeEach(async () => {
      harness = await makeStore();
      store = await harness.open();
    });

    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('an empty store has no current run and answers every read with nothing', async () => {
      expect(await store.currentRun()).toBeNull();
      expect(await store.listRuns()).toEqual([]);
      expect(await store.listRings({ limit: 10 })).toEqual({ items: [], nextCursor: null });
      expect(await store.getRing('ringA')).toBeNull();
      expect(await store.getAccount('a0')).toBeNull();
      expect(await store.neighbors('a0', { depth: 2, limit: 10 })).toEqual([]);
      expect(await collect(store.exportMembers({}))).toEqual([]);
      expect(await store.getAccountsRisk(['a0'])).toEqual([{ account: 'a0', risk: 0, flagged: false, ring: null, role: null, reasons: [] }]);
    });

    it('saves a run and reads back the record, every ring, member, account risk and graph exactly', async () => {
      const saved = runOne();
      await store.saveRun(saved);
      expect(await store.currentRun()).toEqual(saved.run);
      expect(await store.getRun('run-1')).toEqual(saved.run);
      for (const ring of saved.rings) expect(await store.getRing(ring.id)).toEqual(ring);
      for (const ring of saved.rings) {
        const page = await store.listMembers(ring.id, { limit: 100 });
        expect(page.items).toEqual(saved.members.filter((m) => m.ring === ring.id).sort((a, b) => (a.account < b.account ? -1 : 1)));
      }
      for (const account of saved.accounts) expect(await store.getAccount(account.account)).toEqual(account);
      for (const graph of saved.graphs) expect(await store.getRingGraph(graph.ring)).toEqual(graph);
      expect(await store.getRingGraph('ringD')).toBeNull();
      expect(await store.getAccount('nobody')).toBeNull();
    });

    it('a second connection reads the same complete run', async () => {
      await store.saveRun(runOne());
      const other = await harness.open();
      try {
        expect(await other.currentRun()).toEqual(runOne().run);
        expect((await other.listRings({ limit: 10 })).items.map((ring) => ring.id)).toEqual(['ringA', 'ringB', 'ringC', 'ringD', 'ringE']);
      } finally {
        await other.close();
      }
    });

    it('lists rings riskiest first then by id, filtered by minScore and status', async () => {
      await store.saveRun(runOne());
      const ids = async (options: { minScore?: number; status?: string }) => (await store.listRings({ ...options, limit: 10 })).items.map((ring) => ring.id);
      expect(await ids({})).toEqual(['ringA', 'ringB', 'ringC', 'ringD', 'ringE']);
      expect(await ids({ minScore: 0.7 })).toEqual(['ringA', 'ringB', 'ringC']);
      expect(await ids({ status: 'persisting' })).toEqual(['ringD']);
      expect(await ids({ minScore: 0.5, status: 'persisting' })).toEqual([]);
    });

    it('pages rings with opaque cursors: each ring once, in order, across score ties', async () => {
      await store.saveRun(runOne());
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<FindingsStore['listRings']>> = await store.listRings({ cursor, limit: 2 });
        seen.push(...page.items.map((ring) => ring.id));
        cursor = page.nextCursor;
        if (cursor !== null) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        pages++;
      } while (cursor !== null);
      expect(seen).toEqual(['ringA', 'ringB', 'ringC', 'ringD', 'ringE']);
      expect(pages).toBe(3);
      const filtered = await store.listRings({ minScore: 0.5, limit: 2 });
      expect(filtered.items.map((ring) => ring.id)).toEqual(['ringA', 'ringB']);
      const rest = await store.listRings({ minScore: 0.5, limit: 2, cursor: filtered.nextCursor });
      expect(rest).toEqual({ items: [expect.objectContaining({ id: 'ringC' })], nextCursor: null });
    });

    it('pages members in account order, stable across calls', async () => {
      await store.saveRun(runOne());
      const first = await store.listMembers('ringA', { limit: 2 });
      expect(first.items.map((m) => m.account)).toEqual(['a0', 'a1']);
      const second = await store.listMembers('ringA', { limit: 2, cursor: first.nextCursor });
      expect(second.items.map((m) => m.account)).toEqual(['a2', 'a3']);
      const third = await store.listMembers('ringA', { limit: 2, cursor: second.nextCursor });
      expect(third).toEqual({ items: [expect.objectContaining({ account: 'a4', ring: 'ringA' })], nextCursor: null });
      expect(await store.listMembers('ringA', { limit: 2 })).toEqual(first);
      expect(await store.listMembers('no-such-ring', { limit: 2 })).toEqual({ items: [], nextCursor: null });
    });

    it('a newer run becomes current; older runs stay readable by id; runs list newest first', async () => {
      await store.saveRun(runOne());
      await store.saveRun(runTwo());
      expect((await store.currentRun())?.id).toBe('run-2');
      expect((await store.listRuns()).map((run) => run.id)).toEqual(['run-2', 'run-1']);
      expect((await store.listRuns({ limit: 1 })).map((run) => run.id)).toEqual(['run-2']);
      expect((await store.listRings({ limit: 10 })).items.map((ring) => ring.id)).toEqual(['ringA', 'ringF']);
      expect((await store.listRings({ run: 'run-1', limit: 10 })).items).toHaveLength(5);
      expect(await store.getRing('ringB')).toBeNull();
      expect((await store.getRing('ringB', { run: 'run-1' }))?.score).toBe(0.7);
      expect((await store.getAccount('a0'))?.risk).toBe(0.8);
      expect((await store.getAccount('a0', { run: 'run-1' }))?.risk).toBe(0.9);
      expect(await store.getAccount('b0')).toBeNull();
    });

    it('ring history follows a ring across runs, oldest first, with the run where it dissolved', async () => {
      await store.saveRun(runOne());
      await store.saveRun(runTwo());
      expect(await store.ringHistory('ringA')).toEqual([
        { run: 'run-1', finishedAt: '2025-01-01T00:05:00.000Z', status: 'new', size: 5, score: 0.9, flagged: true },
        { run: 'run-2', finishedAt: '2025-01-02T00:05:00.000Z', status: 'persisting', size: 5, score: 0.8, flagged: true },
      ]);
      expect(await store.ringHistory('ringB')).toEqual([
        { run: 'run-1', finishedAt: '2025-01-01T00:05:00.000Z', status: 'new', size: 4, score: 0.7, flagged: true },
        { run: 'run-2', finishedAt: '2025-01-02T00:05:00.000Z', status: 'dissolved', size: 4, score: 0.7, flagged: false },
      ]);
      expect(await store.ringHistory('never')).toEqual([]);
    });

    it('ring detail is the ring, its first members and its history at once; null for a ring not in the run', async () => {
      await store.saveRun(runOne());
      await store.saveRun(runTwo());
      for (const [ring, run] of [['ringA', undefined], ['ringA', 'run-1'], ['ringB', 'run-1']] as const) {
        const options = run === undefined ? {} : { run };
        expect(await store.ringDetail(ring, { ...options, memberLimit: 2 })).toEqual({
          ring: await store.getRing(ring, options),
          members: await store.listMembers(ring, { ...options, limit: 2 }),
          history: await store.ringHistory(ring),
        });
      }
      expect((await store.ringDetail('ringA', { memberLimit: 2 }))?.members.nextCursor).not.toBeNull();
      expect(await store.ringDetail('ringB', { memberLimit: 2 })).toBeNull();
      await expect(store.ringDetail('ringA', { run: 'no-such-run', memberLimit: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('answers a risk batch once per distinct id, in request order, with zero risk for unknown accounts', async () => {
      await store.saveRun(runOne());
      const risks = await store.getAccountsRisk(['zz', 'a0', 'x1', 'a0', 'd2']);
      expect(risks.map((r) => [r.account, r.risk, r.flagged, r.ring, r.role])).toEqual([
        ['zz', 0, false, null, null],
        ['a0', 0.9, true, 'ringA', 'coordinator'],
        ['x1', 0.05, false, null, null],
        ['d2', 0.294, false, 'ringD', 'member'],
      ]);
      expect(risks[2]!.reasons).toEqual(['shares an IP with a flagged ring']);
    });

    it('walks neighbours to depth 2 over stored edges: by weight, each account once via its heaviest link, up to the limit', async () => {
      await store.saveRun(runOne());
      const shared = ['device:ringA'];
      expect(await store.neighbors('a0', { depth: 1, limit: 10 })).toEqual([
        { account: 'a1', depth: 1, via: 'a0', sharedEntities: shared, syncTargets: 0, weight: 1 },
        { account: 'a2', depth: 1, via: 'a0', sharedEntities: shared, syncTargets: 0, weight: 0.95 },
        { account: 'a3', depth: 1, via: 'a0', sharedEntities: shared, syncTargets: 0, weight: 0.9 },
        { account: 'a4', depth: 1, via: 'a0', sharedEntities: shared, syncTargets: 0, weight: 0.85 },
      ]);
      const fromA4 = await store.neighbors('a4', { depth: 2, limit: 10 });
      expect(fromA4.map((n) => [n.account, n.depth, n.via, n.weight])).toEqual([
        ['a0', 1, 'a4', 0.85],
        ['a3', 1, 'a4', 0.3],
        ['a1', 2, 'a0', 1],
        ['a2', 2, 'a0', 0.95],
      ]);
      expect((await store.neighbors('a4', { depth: 2, limit: 3 })).map((n) => n.account)).toEqual(['a0', 'a3', 'a1']);
      expect(await store.neighbors('d0', { depth: 2, limit: 10 })).toEqual([]);
    });

    it('exports members of flagged rings by default and of rings ≥ minScore when asked, in ring then account order', async () => {
      await store.saveRun(runOne());
      const rows = await collect(store.exportMembers({}));
      expect(rows.map((row) => row.account)).toEqual([...accountsNamed('a', 5), ...accountsNamed('b', 4), ...accountsNamed('c', 4)]);
      expect(rows[0]).toEqual({ account: 'a0', ring: 'ringA', ringScore: 0.9, risk: 0.9, role: 'coordinator', flagged: true } satisfies ExportRow);
      const withD = await collect(store.exportMembers({ minScore: 0.3 }));
      expect(withD).toHaveLength(18);
      expect(withD.at(-1)).toEqual({ account: 'd4', ring: 'ringD', ringScore: 0.3, risk: 0.288, role: 'member', flagged: false });
      await store.saveRun(runTwo());
      expect((await collect(store.exportMembers({ run: 'run-1' })))).toEqual(rows);
    });

    it('reads each ring with all its members at once, in the export order, for flagged rings or rings ≥ minScore', async () => {
      await store.saveRun(runOne());
      const rings = await collect(store.ringsWithMembers({}));
      expect(rings.map((r) => [r.ring, r.score, r.members.length])).toEqual([
        ['ringA', 0.9, 5],
        ['ringB', expect.any(Number), 4],
        ['ringC', expect.any(Number), 4],
      ]);
      expect(rings.flatMap((r) => r.members)).toEqual(await collect(store.exportMembers({})));
      const all = await collect(store.ringsWithMembers({ minScore: 0 }));
      expect(all.flatMap((r) => r.members)).toEqual(await collect(store.exportMembers({ minScore: 0 })));
      expect(all.every((r) => r.members.every((m) => m.ring === r.ring && m.ringScore === r.score))).toBe(true);
      await store.saveRun(runTwo());
      expect(await collect(store.ringsWithMembers({ run: 'run-1' }))).toEqual(rings);
    });

    it('a run that does not exist is NOT_FOUND and a garbage cursor is BAD_USAGE', async () => {
      await store.saveRun(runOne());
      expect(await store.getRun('nope')).toBeNull();
      expect((await rejection(store.listRings({ run: 'nope', limit: 5 }))).code).toBe('NOT_FOUND');
      expect((await rejection(store.getRing('ringA', { run: 'nope' }))).code).toBe('NOT_FOUND');
      expect((await rejection(store.getAccount('a0', { run: 'nope' }))).code).toBe('NOT_FOUND');
      expect((await rejection(store.listRings({ cursor: 'not-a-cursor', limit: 5 }))).code).toBe('BAD_USAGE');
      expect((await rejection(store.listMembers('ringA', { cursor: Buffer.from('[1]').toString('base64url'), limit: 5 }))).code).toBe('BAD_USAGE');
    });

    it('refuses to save a run id twice and leaves the stored run untouched', async () => {
      await store.saveRun(runOne());
      const again = runTwo();
      again.run.id = 'run-1';
      expect((await rejection(store.saveRun(again))).code).toBe('BAD_USAGE');
      expect(await store.currentRun()).toEqual(runOne().run);
      expect((await store.listRings({ limit: 10 })).items).toHaveLength(5);
    });

    it('a save that fails part-way publishes nothing: the previous run stays current and whole', async () => {
      await store.saveRun(runOne());
      const broken = runTwo();
      broken.run.id = 'run-broken';
      broken.rings.push({ ...broken.rings[0]! }); // a duplicate ring id violates the store's uniqueness
      await expect(store.saveRun(broken)).rejects.toThrow();
      expect((await store.currentRun())?.id).toBe('run-1');
      expect(await store.getRun('run-broken')).toBeNull();
      expect((await store.listRuns()).map((run) => run.id)).toEqual(['run-1']);
      expect((await store.listRings({ limit: 10 })).items).toHaveLength(5);
      expect(await store.ringHistory('ringF')).toEqual([]);
      await store.saveRun(runTwo());
      expect((await store.currentRun())?.id).toBe('run-2');
    });
  });
}
