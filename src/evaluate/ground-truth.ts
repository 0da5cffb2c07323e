// Ground truth for evaluation: per-account label, true ring and kind, aligned with an account id list. It comes
// from truth files (truth.ndjson, lookalikes.ndjson) that are never detection input, so no evaluation scores a
// detector on the labels it learned from. A plain shape so tests, the CLI and strategy comparison can build it.
import { ZodError, type ZodType } from 'zod';
import { RingscanError } from '../schema/errors.js';
import { LookalikeRecordSchema, TruthRecordSchema, type LookalikeRecord, type TruthRecord } from '../schema/truth.js';

export const FRAUD = 1;
export const BENIGN = 0;
export const UNLABELLED = -1;

export interface GroundTruth {
  accounts: string[];
  /** Per account: 1 fraud, 0 benign, -1 unlabelled. */
  label: Int8Array;
  /** Per account: ground-truth ring id (only meaningful on fraud accounts) or undefined. */
  ring: (string | undefined)[];
  /** Per account: ground-truth kind (device_farm, household, …) or undefined. */
  kind: (string | undefined)[];
}

function parseLines<T>(text: string, file: string, schema: ZodType<T>): T[] {
  const records: T[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new RingscanError('UNREADABLE_FILE', `${file}:${i + 1}: not valid JSON`);
    }
    try {
      records.push(schema.parse(raw));
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      const issue = error.issues[0];
      throw new RingscanError('UNREADABLE_FILE', `${file}:${i + 1}: ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`);
    }
  }
  return records;
}

/** Parses truth.ndjson text (account, ring, kind per line); a bad line is a one-line error naming file and line. */
export function parseTruthRecords(text: string, file: string): TruthRecord[] {
  return parseLines(text, file, TruthRecordSchema);
}

/** Parses lookalikes.ndjson text (account, kind per line). */
export function parseLookalikeRecords(text: string, file: string): LookalikeRecord[] {
  return parseLines(text, file, LookalikeRecordSchema);
}

/**
 * Ground truth over the dataset's accounts: truth accounts are fraud (with ring and kind), every other account is
 * benign (with its look-alike kind when listed). Truth accounts the dataset does not hold are appended, so they
 * count as missed, as score.py counts them. A truth account also listed as a look-alike stays fraud.
 */
export function groundTruthOf(accountIds: readonly string[], truth: readonly TruthRecord[], lookalikes: readonly LookalikeRecord[] = []): GroundTruth {
  const accounts = [...accountIds];
  const indexOf = new Map<string, number>();
  accounts.forEach((id, i) => indexOf.set(id, i));
  for (const record of truth) {
    if (indexOf.has(record.account)) continue;
    indexOf.set(record.account, accounts.length);
    accounts.push(record.account);
  }
  const n = accounts.length;
  const label = new Int8Array(n).fill(BENIGN);
  const ring = new Array<string | undefined>(n).fill(undefined);
  const kind = new Array<string | undefined>(n).fill(undefined);
  for (const record of lookalikes) {
    const i = indexOf.get(record.account);
    if (i !== undefined) kind[i] = record.kind;
  }
  for (const record of truth) {
    const i = indexOf.get(record.account)!;
    label[i] = FRAUD;
    ring[i] = record.ring ?? undefined;
    kind[i] = record.kind ?? undefined;
  }
  return { accounts, label, ring, kind };
}

/** Throws when the arrays disagree in length, an id repeats, or a label is outside {-1, 0, 1}. */
export function assertGroundTruth(truth: GroundTruth): void {
  const n = truth.accounts.length;
  if (truth.label.length !== n || truth.ring.length !== n || truth.kind.length !== n) {
    throw new RingscanError('BAD_USAGE', `ground truth arrays differ in length (accounts ${n}, label ${truth.label.length}, ring ${truth.ring.length}, kind ${truth.kind.length})`);
  }
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const id = truth.accounts[i]!;
    if (seen.has(id)) throw new RingscanError('BAD_USAGE', `ground truth lists account ${id} twice`);
    seen.add(id);
    const label = truth.label[i]!;
    if (label !== FRAUD && label !== BENIGN && label !== UNLABELLED) throw new RingscanError('BAD_USAGE', `ground truth label of ${id} is ${label}, expected 1, 0 or -1`);
  }
}
