// recordRun over a real SQLite store: a two-day scenario with every lifecycle, repeat runs, indicators and alerts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashConfig } from '../../src/run/canonical-json.js';
import { recordRun } from '../../src/run/record-run.js';
import { ringIdOf } from '../../src/run/ring-id.js';
import type { FindingsStore } from '../../src/store/findings-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { accountsNamed as names, makeFindings } from '../store/findings-fixture.js';

const range = (prefix: string, from: number, to: number) => names(prefix, to).slice(from);

// Day 1: detection ids are arbitrary (d1-*); day 2 numbers its rings differently on purpose.
const dayOne = () =>
  makeFindings([
    { id: 'd1-steady', members: names('p', 10), score: 0.9 },
    { id: 'd1-growing', members: names('q', 10), score: 0.85 },
    { id: 'd1-splitting', members: names('s', 12), score: 0.8 },
    { id: 'd1-vanishing', members: names('t', 8), score: 0.75 },
    { id: 'd1-shrinking', members: names('u', 10), score: 0.7 },
    { id: 'd1-left', members: names('v', 6), score: 0.65 },
    { id: 'd1-right', members: names('w', 6), score: 0.6 },
  ]);

const dayTwo = () =>
  makeFindings([
    { id: 'x0', members: names('p', 10), score: 0.88 },
    { id: 'x1', members: names('q', 13), score: 0.9 },
    { id: 'x2', members: [...range('s', 0, 6), 's12'], score: 0.7 },
    { id: 'x3', members: range('s', 6, 12), score: 0.72 },
    { id: 'x4', members: names('u', 7), score: 0.6 },
    { id: 'x5', members: [...names('v', 6), ...names('w', 5)], score: 0.95 },
    { id: 'x6', members: names('n', 5), score: 0.55 },
    { id: 'x7', members: names('m', 6), score: 0.3 },
  ]);

const options = (day: number) => ({
  dataset: `graphs/day${day}`,
  startedAt: `2025-03-0${day}T02:00:00.000Z`,
  finishedAt: `2025-03-0${day}T02:03:00.000Z`,
  codeVersion: '0.1.0-test',
});

describe('recordRun', () => {
  let dir: string;
  let store: FindingsStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ringscan-run-'));
    store = openSqliteStore(join(dir, 'store.db'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const statusById = async () => Object.fromEntries((await store.listRings({ limit: 100 })).items.map((ring) => [ring.id, ring.status]));

  it('day 1 into an empty store: every ring new, ids from members, the run recorded with its hash and counts', async () => {
    const findings = dayOne();
    const run = await recordRun(store, findings, options(1));
    expect(run).toMatchObject({
      id: expect.stringMatching(/^20250301T020000Z-[0-9a-f]{8}$/),
      startedAt: '2025-03-01T02:00:00.000Z',
      finishedAt: '2025-03-01T02:03:00.000Z',
      dataset: 'graphs/day1',
      configHash: hashConfig(findings.config),
      codeVersion: '0.1.0-test',
      summary: findings.summary,
      indicators: { ringsFlagged: 7, newRings: 7, persistingRings: 0, dissolvedRings: 0 },
      alerts: [],
    });
    expect(await store.currentRun()).toEqual(run);
    const stored = await statusById();
    const expected = [names('p', 10), names('q', 10), names('s', 12), names('t', 8), names('u', 10), names('v', 6), names('w', 6)].map(ringIdOf);
    expect(stored).toEqual(Object.fromEntries(expected.map((id) => [id, 'new'])));
    // members, account risks and graphs all carry the stable id, not the detection id
    const steady = ringIdOf(names('p', 10));
    expect((await store.listMembers(steady, { limit: 100 })).items).toHaveLength(10);
    expect((await store.getAccount('p0'))?.ring).toBe(steady);
    expect((await store.getRingGraph(steady))?.ring).toBe(steady);
  });

  it('day 2 gets the right lifecycle for each ring: persisting, grown, split, shrunk, merged, new, dissolved', async () => {
    await recordRun(store, dayOne(), options(1));
    const day1 = Object.fromEntries((await store.listRings({ limit: 100 })).items.map((ring) => [ring.id, ring]));
    const idOf = (members: string[]) => ringIdOf(members);
    const [steady, growing, splitting, vanishing, shrinking, left, right] = [
      idOf(names('p', 10)),
      idOf(names('q', 10)),
      idOf(names('s', 12)),
      idOf(names('t', 8)),
      idOf(names('u', 10)),
      idOf(names('v', 6)),
      idOf(names('w', 6)),
    ];
    expect(Object.keys(day1).sort()).toEqual([steady, growing, splitting, vanishing, shrinking, left, right].sort());

    const run = await recordRun(store, dayTwo(), options(2));
    const rings = (await store.listRings({ limit: 100 })).items;
    const byId = Object.fromEntries(rings.map((ring) => [ring.id, { status: ring.status, previous: ring.previous }]));
    const splitPiece = idOf([...range('s', 0, 6), 's12']);
    expect(byId).toEqual({
      [steady]: { status: 'persisting', previous: [steady] },
      [growing]: { status: 'grown', previous: [growing] },
      // both pieces share 6 members with the old ring; the one with the higher Jaccard (6/12 vs 6/13) keeps its id
      [splitting]: { status: 'split', previous: [splitting] },
      [splitPiece]: { status: 'split', previous: [splitting] },
      [shrinking]: { status: 'shrunk', previous: [shrinking] },
      [left]: { status: 'merged', previous: [left, right] },
      [idOf(names('n', 5))]: { status: 'new', previous: [] },
      [idOf(names('m', 6))]: { status: 'new', previous: [] },
    });
    expect(run.indicators).toEqual(expect.objectContaining({ newRings: 2, persistingRings: 6, dissolvedRings: 1, ringsFlagged: 7 }));
    expect(await store.ringHistory(vanishing)).toEqual([
      expect.objectContaining({ status: 'new', size: 8 }),
      { run: run.id, finishedAt: run.finishedAt, status: 'dissolved', size: 8, score: 0.75, flagged: false },
    ]);
    expect((await store.ringHistory(growing)).map((entry) => [entry.status, entry.size])).toEqual([
      ['new', 10],
      ['grown', 13],
    ]);
    // the merged-away ring is not dissolved: its history ends in run 1, and it is listed as a source of the merge
    expect((await store.ringHistory(right)).map((entry) => entry.status)).toEqual(['new']);
    expect((await store.getAccount('w0'))?.ring).toBe(left);
  });

  it('the same findings twice keep every id (all persisting), in this store and in a fresh one', async () => {
    await recordRun(store, dayOne(), options(1));
    const first = (await store.listRings({ limit: 100 })).items.map((ring) => ring.id);
    const again = await recordRun(store, dayOne(), { ...options(1), startedAt: '2025-03-01T05:00:00.000Z' });
    const second = (await store.listRings({ limit: 100 })).items;
    expect(second.map((ring) => ring.id)).toEqual(first);
    expect(second.every((ring) => ring.status === 'persisting')).toBe(true);
    expect(again.indicators).toEqual(expect.objectContaining({ newRings: 0, persistingRings: 7, dissolvedRings: 0 }));

    const otherStore = openSqliteStore(join(dir, 'other.db'));
    await recordRun(otherStore, dayOne(), options(1));
    expect((await otherStore.listRings({ limit: 100 })).items.map((ring) => ring.id)).toEqual(first);
    await otherStore.close();
  });

  it('two runs started at the same moment on the same data get distinct ids', async () => {
    const a = await recordRun(store, dayOne(), options(1));
    const b = await recordRun(store, dayOne(), options(1));
    expect(b.id).toBe(`${a.id}-2`);
  });

  it('after seven ordinary runs, a run with a jump in flagged rings carries an alert', async () => {
    for (let day = 1; day <= 7; day++) await recordRun(store, dayOne(), options(day));
    const flood = makeFindings(Array.from({ length: 60 }, (_, i) => ({ id: `f${i}`, members: names(`f${i}-`, 4), score: 0.8 })));
    const run = await recordRun(store, flood, options(8));
    expect(run.alerts.map((alert) => alert.indicator)).toEqual(expect.arrayContaining(['ringsFlagged', 'newRings', 'dissolvedRings']));
    expect((await store.currentRun())?.alerts).toEqual(run.alerts);
  });
});
