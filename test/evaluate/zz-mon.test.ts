import { it } from 'vitest';
import { appendFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMultiDayScenario } from '../../src/generate/multi-day-scenario.js';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { detectFindings } from '../../src/run/detect-findings.js';
import { recordRun } from '../../src/run/record-run.js';
import { resolveConfig } from '../../src/schema/config.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
it('mon', async () => {
  for (const accounts of [Number(process.env.ACC ?? 2000)]) {
    const dir = await mkdtemp(join(tmpdir(), 'mon-'));
    const t0 = performance.now();
    const res = await writeMultiDayScenario(join(dir, 'sc'), { accounts, seed: Number(process.env.SEED ?? 1) }, { days: 30 });
    const t1 = performance.now();
    const store = openSqliteStore(join(dir, 'r.db'));
    const config = resolveConfig({});
    for (const day of res.plan.days) {
      const loaded = await loadDataset(join(dir, 'sc', day.dir));
      const f = detectFindings(loaded.dataset, config, loaded.files);
      const at = new Date(Date.UTC(2026, 0, day.day));
      const run = await recordRun(store, f, { dataset: day.dir, startedAt: at, finishedAt: at, codeVersion: 't' });
      appendFileSync('/tmp/rs6/series.ndjson', JSON.stringify({ seed: Number(process.env.SEED ?? 1), accounts, day: day.day, jump: day.isJump, indicators: run.indicators }) + '\n');
    }
    console.log('gen ms', (t1 - t0).toFixed(0), 'total ms', (performance.now() - t0).toFixed(0));
  }
}, 600000);
