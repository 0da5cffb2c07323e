// Generated datasets and stored runs for the evaluation command tests: real generator output, real detection, real
// SQLite stores in a temp dir.
import { join } from 'node:path';
import { writeDataset } from '../../src/generate/write-dataset.js';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { detectFindings } from '../../src/run/detect-findings.js';
import { recordRun } from '../../src/run/record-run.js';
import { resolveConfig, type DetectionConfig } from '../../src/schema/config.js';
import type { RunRecord } from '../../src/schema/run.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

export async function generateInto(dir: string, accounts: number, seed: number): Promise<string> {
  await writeDataset(dir, { accounts, seed }, { force: true });
  return dir;
}

/** Runs detection on `data` with each config and records the runs, in order, in a SQLite store at `storePath`. */
export async function recordRuns(data: string, storePath: string, configs: Partial<DetectionConfig>[]): Promise<RunRecord[]> {
  const loaded = await loadDataset(data);
  const store = openSqliteStore(storePath);
  try {
    const runs: RunRecord[] = [];
    for (const [k, partial] of configs.entries()) {
      const config = resolveConfig(partial);
      const findings = detectFindings(loaded.dataset, config, loaded.files);
      const at = new Date(Date.UTC(2026, 1, 1 + k));
      runs.push(await recordRun(store, findings, { dataset: data, startedAt: at, finishedAt: at, codeVersion: 'test' }));
    }
    return runs;
  } finally {
    await store.close();
  }
}

export const storeSpec = (dir: string) => `sqlite:${join(dir, 'runs.db')}`;
