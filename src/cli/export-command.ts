// `ringscan export`: stream the members of flagged rings (or rings ≥ --min-score) as NDJSON or CSV for enforcement.
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { RingscanError } from '../schema/errors.js';
import type { ExportRow, FindingsStore } from '../store/findings-store.js';
import { openStore } from '../store/open-store.js';
import { createProgress, type Progress } from './progress.js';

export const EXPORT_COLUMNS = ['account', 'ring', 'ringScore', 'risk', 'role', 'flagged', 'reasons'] as const;

const ExportOptionsSchema = z.object({
  store: z.string().min(1).optional(),
  run: z.string().min(1).optional(),
  minScore: z.coerce.number().min(0).max(1).optional(),
  format: z.enum(['ndjson', 'csv']),
  out: z.string().min(1).optional(),
  json: z.boolean().default(false),
});
export type ExportOptions = z.infer<typeof ExportOptionsSchema>;

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('Stream ring members (account, ring, ringScore, risk, role, flagged, reasons) of a run for enforcement; CSV cells are spreadsheet-safe')
    .option('--store <spec>', 'findings store: sqlite:PATH or neo4j (default: RINGSCAN_STORE, else sqlite:ringscan.db)')
    .option('--run <id>', 'run to export (default: the current run)')
    .option('--min-score <x>', 'export every ring scoring at least x (default: the flagged rings)')
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
    .option('--out <file>', 'write to this file (replaced only once complete) instead of stdout')
    .option('--json', 'with --out: print {rows, out, format} as JSON on stdout')
    .action(async (raw: Record<string, unknown>) => {
      const options = ExportOptionsSchema.parse(raw);
      const rows = await exportCommand(options, process.stdout);
      if (options.out && options.json) process.stdout.write(`${JSON.stringify({ rows, out: options.out, format: options.format })}\n`);
      else if (options.out) process.stderr.write(`${rows} rows written to ${options.out}\n`);
    });
}

/** Runs the export; returns the number of rows written. */
export async function exportCommand(options: ExportOptions, stdout: Writable): Promise<number> {
  if (options.out !== undefined && !existsSync(dirname(resolve(options.out)))) {
    throw new RingscanError('BAD_USAGE', `--out: directory ${dirname(resolve(options.out))} does not exist`);
  }
  const store = await openStore(options.store, { create: false });
  try {
    if (options.run === undefined && (await store.currentRun()) === null) {
      throw new RingscanError('NOT_FOUND', 'the store holds no run yet (write one with: ringscan run --data DIR --store …)');
    }
    const progress = createProgress();
    if (options.out === undefined) return await writeExport(store, options, stdout, progress);
    // Written beside the target and renamed at the end: a failed export never leaves a half file under its name.
    const partial = `${options.out}.partial-${process.pid}`;
    const file = createWriteStream(partial);
    try {
      const rows = await writeExport(store, options, file, progress);
      file.end();
      await once(file, 'finish');
      await rename(partial, options.out);
      return rows;
    } catch (error) {
      file.destroy();
      await rm(partial, { force: true });
      throw error;
    }
  } finally {
    await store.close();
  }
}

/** An export row with the account's reasons (from the same run). */
export type ExportLine = ExportRow & { reasons: string[] };

/** Accounts whose reasons are fetched in one store call. */
const REASONS_BATCH = 1000;

/** Streams the rows into `out` in chunks, waiting for the consumer when it is slower than the store. */
export async function writeExport(
  store: FindingsStore,
  options: { run?: string | undefined; minScore?: number | undefined; format: 'ndjson' | 'csv' },
  out: Writable,
  progress: Progress = createProgress(false),
): Promise<number> {
  const format = options.format === 'csv' ? csvLine : ndjsonLine;
  let chunk = options.format === 'csv' ? `${EXPORT_COLUMNS.join(',')}\n` : '';
  let rows = 0;
  // Pin the run once, so the rows and their reasons come from the same run even if a new one lands meanwhile.
  const run = options.run ?? (await store.currentRun())?.id;
  if (run === undefined) return 0;
  const rowsOptions = { run, ...(options.minScore === undefined ? {} : { minScore: options.minScore }) };
  progress.stage('export');
  let pending: ExportRow[] = [];
  const flush = async () => {
    const risks = await store.getAccountsRisk([...new Set(pending.map((row) => row.account))], { run });
    const reasonsOf = new Map(risks.map((risk) => [risk.account, risk.reasons]));
    for (const row of pending) {
      chunk += format({ ...row, reasons: reasonsOf.get(row.account) ?? [] });
      rows++;
    }
    pending = [];
    progress.count('export', rows);
    if (chunk.length >= 1 << 16) {
      await write(out, chunk);
      chunk = '';
    }
  };
  for await (const ring of store.ringsWithMembers(rowsOptions)) {
    pending.push(...ring.members);
    if (pending.length >= REASONS_BATCH) await flush();
  }
  if (pending.length > 0) await flush();
  if (chunk.length > 0) await write(out, chunk);
  progress.done('export', { rows });
  return rows;
}

async function write(out: Writable, text: string): Promise<void> {
  // once() also rejects when the stream emits 'error' while we wait (a closed pipe, a full disk).
  if (!out.write(text)) await once(out, 'drain');
}

export function ndjsonLine(row: ExportLine): string {
  return `${JSON.stringify({ account: row.account, ring: row.ring, ringScore: row.ringScore, risk: row.risk, role: row.role, flagged: row.flagged, reasons: row.reasons })}\n`;
}

/** Reasons in one CSV cell, in rank order. */
export const REASONS_SEPARATOR = ' | ';

export function csvLine(row: ExportLine): string {
  return `${csvField(row.account)},${csvField(row.ring)},${row.ringScore},${row.risk},${csvField(row.role)},${row.flagged},${csvField(row.reasons.join(REASONS_SEPARATOR))}\n`;
}

/**
 * One CSV cell, safe to open in a spreadsheet: a value starting with = + - @ tab or CR would run as a formula
 * (OWASP "CSV injection"), so it gets a leading apostrophe, which spreadsheets show as text. Then RFC 4180:
 * quote a field holding a comma, quote or line break, doubling inner quotes.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
