// Liveness vs readiness, and the run's figures on /metrics, over real HTTP on a real SQLite store, and on a
// copy of it whose pages past the schema are overwritten (it opens, then every read fails as corrupt).
import { closeSync, copyFileSync, fstatSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { bearer, createSampleStore, KEYS, startApi, type ApiUnderTest, type SampleStore } from './api-fixture.js';

let sample: SampleStore;
let healthy: ApiUnderTest;
let corruptStore: SqliteStore;
let corrupt: ApiUnderTest;

/** Overwrites every byte from `from` to the end: the header and schema pages stay, the data pages do not. */
function corruptCopy(source: string, target: string, from = 8192): void {
  copyFileSync(source, target);
  const fd = openSync(target, 'r+');
  const junk = Buffer.alloc(fstatSync(fd).size - from, 0xa5);
  writeSync(fd, junk, 0, junk.length, from);
  closeSync(fd);
}

beforeAll(async () => {
  sample = await createSampleStore();
  await sample.store.close(); // checkpoints the WAL into the file
  const store = openSqliteStore(sample.path, { create: false });
  sample.store = store;
  healthy = await startApi({ store });
  corruptCopy(sample.path, join(sample.dir, 'corrupt.sqlite'));
  corruptStore = openSqliteStore(join(sample.dir, 'corrupt.sqlite'), { create: false });
  corrupt = await startApi({ store: corruptStore });
}, 120_000);

afterAll(async () => {
  await healthy?.close();
  await corrupt?.close();
  await sample?.store.close();
  await corruptStore?.close();
  if (sample) rmSync(sample.dir, { recursive: true, force: true });
});

describe('/v1/health and /v1/ready', () => {
  it('a healthy store: both 200, ready names the current run', async () => {
    expect((await fetch(`${healthy.url}/v1/health`)).status).toBe(200);
    const ready = await fetch(`${healthy.url}/v1/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; run: string | null; checkMs: number };
    expect(body).toMatchObject({ status: 'ready', run: sample.run.id });
    expect(body.checkMs).toBeGreaterThanOrEqual(0);
  });

  it('a corrupt store: health stays 200 (the process is up), ready is 503 like the data routes', async () => {
    expect((await fetch(`${corrupt.url}/v1/health`)).status).toBe(200);
    const ready = await fetch(`${corrupt.url}/v1/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(ready.headers.get('retry-after')).toBe('5');
    const problem = (await ready.json()) as { detail: string };
    expect(problem.detail).toBe('the findings store is unavailable; retry later');
    expect((await fetch(`${corrupt.url}/v1/rings`, { headers: bearer(KEYS.investigate.key) })).status).toBe(503);
  });
});

describe('/metrics domain figures', () => {
  const metricsOf = async (api: ApiUnderTest) => {
    const response = await fetch(`${api.url}/metrics`, { headers: bearer(KEYS.admin.key) });
    expect(response.status).toBe(200);
    const values = new Map<string, number>();
    for (const line of (await response.text()).split('\n')) {
      const match = /^(ringscan_(?:store|current_run)_[a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
      if (match) values.set(match[1]!, Number(match[2]));
    }
    return values;
  };

  it('the current run: age, duration, flagged rings and accounts, alerts, read and rejected rows per file', async () => {
    const values = await metricsOf(healthy);
    const run = sample.run;
    expect(values.get('ringscan_store_up')).toBe(1);
    expect(values.get('ringscan_current_run_present')).toBe(1);
    expect(values.get(`ringscan_current_run_info{run="${run.id}",code_version="test"}`)).toBe(1);
    expect(values.get('ringscan_current_run_duration_seconds')).toBe(60);
    const age = values.get('ringscan_current_run_age_seconds')!;
    expect(Math.abs(age - (Date.now() - Date.parse(run.finishedAt)) / 1000)).toBeLessThan(60);
    expect(values.get('ringscan_current_run_rings_flagged')).toBe(run.indicators.ringsFlagged);
    expect(values.get('ringscan_current_run_accounts_flagged')).toBe(run.indicators.accountsFlagged);
    expect(values.get('ringscan_current_run_rings')).toBe(run.summary.rings);
    expect(values.get('ringscan_current_run_alerts')).toBe(run.alerts.length);
    for (const [file, counts] of Object.entries(run.summary.files)) {
      expect(values.get(`ringscan_current_run_read_rows{file="${file}"}`)).toBe(counts.read);
      expect(values.get(`ringscan_current_run_rejected_rows{file="${file}"}`)).toBe(counts.rejected);
    }
  });

  it('a corrupt store still scrapes: store_up 0 and the run figures NaN', async () => {
    const values = await metricsOf(corrupt);
    expect(values.get('ringscan_store_up')).toBe(0);
    expect(values.get('ringscan_current_run_present')).toBe(0);
    expect(values.get('ringscan_current_run_rings_flagged')).toBeNaN();
    expect(values.get('ringscan_current_run_age_seconds')).toBeNaN();
  });
});
