import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { runAndRecord } from '../../src/run/run-and-record.js';
import { resolveConfig } from '../../src/schema/config.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'graphs', 'sample');

describe('runAndRecord', () => {
  it('ingests, detects, records with the given clock, and a second run on the same data keeps every ring id', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'ringscan-rar-')), 'runs.db'));
    const clock = [new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:01:00Z'), new Date('2026-01-02T00:00:00Z'), new Date('2026-01-02T00:01:00Z')];
    const now = () => clock.shift()!;
    const stages: string[] = [];
    try {
      const config = resolveConfig({});
      const first = await runAndRecord({ dataDir: SAMPLE, config, store, codeVersion: 'test', now, onStage: (s, p) => p === 'end' && stages.push(s) });
      expect(first.run?.startedAt).toBe('2026-01-01T00:00:00.000Z');
      expect(first.run?.finishedAt).toBe('2026-01-01T00:01:00.000Z');
      expect(stages[0]).toBe('ingest');
      expect(stages.at(-1)).toBe('store');
      expect(Object.keys(first.timingsMs)).toContain('store');
      expect((await store.currentRun())?.id).toBe(first.run!.id);
      const flaggedStored = (await store.listRings({ limit: 500 })).items.filter((r) => r.flagged);
      expect(flaggedStored.length).toBe(first.findings.summary.ringsFlagged);

      const loaded = await loadDataset(SAMPLE);
      const second = await runAndRecord({ dataDir: SAMPLE, loaded, config, store, codeVersion: 'test', now });
      expect(second.timingsMs.ingest).toBeUndefined();
      expect(second.run?.indicators.newRings).toBe(0);
      expect(second.run?.indicators.persistingRings).toBe((await store.listRings({ run: first.run!.id, limit: 500 })).items.length);
      const again = (await store.listRings({ limit: 500 })).items.map((r) => r.id).sort();
      expect(again).toEqual((await store.listRings({ run: first.run!.id, limit: 500 })).items.map((r) => r.id).sort());
    } finally {
      await store.close();
    }
  });

  it('without a store it only detects', async () => {
    const result = await runAndRecord({ dataDir: SAMPLE, config: resolveConfig({}), store: null, codeVersion: 'test' });
    expect(result.run).toBeNull();
    expect(result.findings.summary.ringsFlagged).toBeGreaterThan(0);
  });
});
