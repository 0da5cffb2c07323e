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

export const EXPORT_COLUMNS = ['account', 'ring', 'ringScore', 'risk', 'role', 'flagged'] as const;

const ExportOptionsSchema = z.object({
  store: z.string().min(1).optional(),
  run: z.string().min(1).optional(),
  minScore: z.coerce.number().min(0).max(1).optional(),
  format: z.enum(['ndjson', 'csv']),
  out: z.string().min(1).optional(),
});
export type ExportOptions = z.infer<typeof ExportOptionsSchema>;

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('Stream ring members (account, ring, ringScore, risk, role, flagged) of a run for enforcement')
    .option('--store <spec>', 'findings store: sqlite:PATH or neo4j (default: RINGSCAN_STORE, else sqlite:ringscan.db)')
    .option('--run <id>', 'run to export (default: the current run)')
    .option('--min-score <x>', 'export every ring scoring at least x (default: the flagged rings)')
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson', 'csv']).default('ndjson'))
    .option('--out <file>', 'write to this file (replaced only once complete) instead of stdout')
    .action(async (raw: Record<string, unknown>) => {
      const options = ExportOptionsSchema.parse(raw);
      const rows = await exportCommand(options, process.stdout);
      if (options.out) process.stderr.write(`${rows} rows written to ${options.out}\n`);
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
    if (options.out === undefined) return await writeExport(store, options, stdout);
    // Written beside the target and renamed at the end: a failed export never leaves a half file under its name.
    const partial = `${options.out}.partial-${process.pid}`;
    const file = createWriteStream(partial);
    try {
      const rows = await writeExport(store, options, file);
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

/** Streams the rows into `out` in chunks, waiting for the consumer when it is slower than the store. */
export async function writeExport(store: FindingsStore, options: { run?: string | undefined; minScore?: number | undefined; format: 'ndjson' | 'csv' }, out: Writable): Promise<number> {
  const format = options.format === 'csv' ? csvLine : ndjsonLine;
  let chunk = options.format === 'csv' ? `${EXPORT_COLUMNS.join(',')}\n` : '';
  let rows = 0;
  const rowsOptions = { ...(options.run === undefined ? {} : { run: options.run }), ...(options.minScore === undefined ? {} : { minScore: options.minScore }) };
  for await (const row of store.exportMembers(rowsOptions)) {
    chunk += format(row);
    rows++;
    if (chunk.length >= 1 << 16) {
      await write(out, chunk);
      chunk = '';
    }
  }
  if (chunk.length > 0) await write(out, chunk);
  return rows;
}

async function write(out: Writable, text: string): Promise<void> {
  // once() also rejects when the stream emits 'error' while we wait (a closed pipe, a full disk).
  if (!out.write(text)) await once(out, 'drain');
}

export function ndjsonLine(row: ExportRow): string {
  return `${JSON.stringify({ account: row.account, ring: row.ring, ringScore: row.ringScore, risk: row.risk, role: row.role, flagged: row.flagged })}\n`;
}

export function csvLine(row: ExportRow): string {
  return `${csvField(row.account)},${csvField(row.ring)},${row.ringScore},${row.risk},${row.role},${row.flagged}\n`;
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
