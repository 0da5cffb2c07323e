// One unit of parallel ingest: a whole file, or a piece of a plain NDJSON file, read into its own DatasetBuilder.
// The result carries local ids and local line numbers; loadDataset merges parts in file order (DatasetBuilder.mergePart).
import { DatasetBuilder, type DatasetPart } from './dataset-builder.js';
import type { DatasetFile } from './dataset-files.js';
import { loadFile, type IngestProgress, type LoadFileOptions, type RejectTarget } from './load-file.js';
import type { ByteRange } from './read-rows.js';
import { RAW_MAX_CHARS } from './rejects-sink.js';
import type { FileCounts } from '../schema/findings.js';

export interface PartJob {
  file: DatasetFile;
  /** Absent: the whole file (gzip, CSV, or small). */
  range?: ByteRange;
  highWaterMark?: number;
  maxLineBytes?: number;
  fastPath?: boolean;
}

/** A part's rejects in line order, as columns; duplicateOf is the local account id of a duplicate declaration, else -1. */
export interface RejectColumns {
  lines: number[];
  reasons: string[];
  raws: string[];
  duplicateOf: number[];
}

export interface PartResult {
  counts: FileCounts;
  lines: number;
  part: DatasetPart;
  rejects: RejectColumns;
}

/** Keeps rejects in memory; the merge writes them in file order once the part's line offset is known. */
export class RejectCollector implements RejectTarget {
  readonly columns: RejectColumns = { lines: [], reasons: [], raws: [], duplicateOf: [] };
  add(_file: string, line: number, reason: string, raw: string): void {
    this.push(line, reason, raw, -1);
  }
  addDuplicateAccount(_file: string, line: number, account: number, _firstLine: number, raw: string): void {
    this.push(line, '', raw, account);
  }
  async drain(): Promise<void> {}
  private push(line: number, reason: string, raw: string, duplicateOf: number): void {
    this.columns.lines.push(line);
    this.columns.reasons.push(reason);
    // a flattened copy: a slice would keep the whole read chunk alive
    this.columns.raws.push((' ' + (raw.length > RAW_MAX_CHARS ? raw.slice(0, RAW_MAX_CHARS) : raw)).slice(1));
    this.columns.duplicateOf.push(duplicateOf);
  }
}

export async function parsePart(job: PartJob, onProgress?: (progress: IngestProgress) => void): Promise<PartResult> {
  const builder = new DatasetBuilder();
  const rejects = new RejectCollector();
  const options: LoadFileOptions = {
    ...(job.highWaterMark === undefined ? {} : { highWaterMark: job.highWaterMark }),
    ...(job.maxLineBytes === undefined ? {} : { maxLineBytes: job.maxLineBytes }),
    ...(job.fastPath === undefined ? {} : { fastPath: job.fastPath }),
    ...(job.range === undefined ? {} : { range: job.range }),
    ...(onProgress === undefined ? {} : { onProgress }),
  };
  const { counts, lines } = await loadFile(job.file, builder, rejects, options);
  return { counts, lines, part: builder.exportPart(), rejects: rejects.columns };
}
