// Reads the ground-truth files for evaluation (`--truth FILE [--lookalikes FILE]`, by default DATA/truth.ndjson and
// DATA/lookalikes.ndjson) and aligns them with the dataset's accounts. Truth is never read by detection.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { groundTruthOf, parseLookalikeRecords, parseTruthRecords, type GroundTruth } from '../evaluate/ground-truth.js';
import { RingscanError } from '../schema/errors.js';
import { messageOf } from './cli-errors.js';

export interface TruthPaths {
  truth: string;
  /** Absent when there is no look-alikes file (every non-truth account is then benign without a kind). */
  lookalikes: string | undefined;
}

/** Explicit paths win; otherwise DATA/truth.ndjson (required) and DATA/lookalikes.ndjson (when present). */
export function resolveTruthPaths(options: { data?: string | undefined; truth?: string | undefined; lookalikes?: string | undefined }): TruthPaths {
  const truth = options.truth ?? (options.data === undefined ? undefined : join(options.data, 'truth.ndjson'));
  if (truth === undefined) throw new RingscanError('BAD_USAGE', 'evaluation needs ground truth: pass --truth FILE (or --data DIR holding truth.ndjson)');
  if (options.truth === undefined && !existsSync(truth)) {
    throw new RingscanError('MISSING_FILE', `no ground truth: ${truth} does not exist (pass --truth FILE; labels are input, never truth)`);
  }
  const defaultLookalikes = options.data === undefined ? undefined : join(options.data, 'lookalikes.ndjson');
  const lookalikes = options.lookalikes ?? (defaultLookalikes !== undefined && existsSync(defaultLookalikes) ? defaultLookalikes : undefined);
  return { truth, lookalikes };
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RingscanError('MISSING_FILE', `${what} file not found: ${path}`);
    throw new RingscanError('UNREADABLE_FILE', `cannot read ${what} file ${path}: ${messageOf(error)}`);
  }
}

export async function readGroundTruth(accountIds: readonly string[], paths: TruthPaths): Promise<GroundTruth> {
  const truth = parseTruthRecords(await readText(paths.truth, 'truth'), paths.truth);
  const lookalikes = paths.lookalikes === undefined ? [] : parseLookalikeRecords(await readText(paths.lookalikes, 'look-alikes'), paths.lookalikes);
  return groundTruthOf(accountIds, truth, lookalikes);
}
