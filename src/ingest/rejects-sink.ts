// Collects rejected rows: appends them as NDJSON to a rejects file when a path is given, keeps the first few
// in memory either way, and honours the write stream's backpressure.
import { open } from 'node:fs/promises';
import type { WriteStream } from 'node:fs';
import { RingscanError } from '../schema/errors.js';
import { systemReason } from './dataset-files.js';

export interface RejectRecord {
  /** File name relative to the dataset folder. */
  file: string;
  /** 1-based physical line where the row starts. */
  line: number;
  reason: string;
  /** The row's text, truncated to RAW_MAX_CHARS. */
  raw: string;
}

export const RAW_MAX_CHARS = 500;

export function duplicateAccountReason(firstLine: number): string {
  return `id: duplicate account id (first declared on line ${firstLine})`;
}
export const SAMPLE_REJECTS = 20;

export class RejectsSink {
  count = 0;
  readonly sample: RejectRecord[] = [];
  /** The first reject of each file, for one-line errors about a file. */
  readonly firstByFile = new Map<string, RejectRecord>();
  private failure: unknown = null;

  private constructor(
    readonly path: string | null,
    private readonly out: WriteStream | null,
  ) {
    out?.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Opens (and truncates) the rejects file now, so a bad path fails before any reading starts. */
  static async open(path: string | null): Promise<RejectsSink> {
    if (path === null) return new RejectsSink(null, null);
    try {
      const handle = await open(path, 'w');
      return new RejectsSink(path, handle.createWriteStream());
    } catch (error) {
      throw new RingscanError('BAD_USAGE', `cannot write rejects file ${path}: ${systemReason(error)}`);
    }
  }

  add(file: string, line: number, reason: string, raw: string): void {
    const record: RejectRecord = {
      file,
      line,
      reason: reason.replace(/[\r\n]+/g, ' '),
      raw: raw.length > RAW_MAX_CHARS ? raw.slice(0, RAW_MAX_CHARS) : raw,
    };
    this.count++;
    // the raw text may be a slice of a whole read chunk: keep a detached copy, not the chunk
    if (this.sample.length < SAMPLE_REJECTS) this.sample.push({ ...record, raw: (' ' + record.raw).slice(1) });
    if (!this.firstByFile.has(file)) this.firstByFile.set(file, { ...record, raw: '' });
    this.out?.write(JSON.stringify(record) + '\n');
  }

  addDuplicateAccount(file: string, line: number, _account: number, firstLine: number, raw: string): void {
    this.add(file, line, duplicateAccountReason(firstLine), raw);
  }

  /** Waits while the file stream is over its buffer limit. */
  async drain(): Promise<void> {
    this.throwIfFailed();
    const out = this.out;
    if (out === null || !out.writableNeedDrain) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        out.off('drain', done);
        out.off('error', done);
        resolve();
      };
      out.on('drain', done);
      out.on('error', done);
    });
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    const out = this.out;
    if (out !== null && !out.destroyed) {
      await new Promise<void>((resolve) => {
        out.end(() => resolve());
        out.once('error', () => resolve());
      });
    }
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw new RingscanError('UNREADABLE_FILE', `cannot write rejects file ${this.path}: ${systemReason(this.failure)}`);
  }
}
