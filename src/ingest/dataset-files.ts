// Finds each dataset file in a folder: one of <kind>.ndjson, .ndjson.gz, .csv, .csv.gz per kind.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RingscanError } from '../schema/errors.js';
import { DATASET_FILES, REQUIRED_FILES, type DatasetFileKind } from '../schema/input.js';

export type DatasetFileFormat = 'ndjson' | 'csv';

export interface DatasetFile {
  kind: DatasetFileKind;
  /** File name inside the dataset folder, as used in counts and reject records. */
  name: string;
  path: string;
  format: DatasetFileFormat;
  isGzip: boolean;
}

const EXTENSIONS: readonly { suffix: string; format: DatasetFileFormat; isGzip: boolean }[] = [
  { suffix: '.ndjson', format: 'ndjson', isGzip: false },
  { suffix: '.ndjson.gz', format: 'ndjson', isGzip: true },
  { suffix: '.csv', format: 'csv', isGzip: false },
  { suffix: '.csv.gz', format: 'csv', isGzip: true },
];

export function candidateNames(kind: DatasetFileKind): string[] {
  return EXTENSIONS.map((extension) => kind + extension.suffix);
}

/** The dataset's files in reading order (accounts, links, actions, labels); optional kinds may be absent. */
export async function findDatasetFiles(dir: string): Promise<DatasetFile[]> {
  await assertFolder(dir);
  let names: Set<string>;
  try {
    names = new Set(await readdir(dir));
  } catch (error) {
    throw new RingscanError('UNREADABLE_FILE', `cannot read dataset folder ${dir}: ${systemReason(error)}`);
  }
  const files: DatasetFile[] = [];
  for (const kind of DATASET_FILES) {
    const present = EXTENSIONS.filter((extension) => names.has(kind + extension.suffix));
    if (present.length > 1) {
      const listed = present.map((extension) => kind + extension.suffix).join(' and ');
      throw new RingscanError('UNREADABLE_FILE', `dataset folder ${dir} has ${listed}; keep exactly one ${kind} file`);
    }
    const found = present[0];
    if (found === undefined) {
      if (REQUIRED_FILES.includes(kind)) {
        const expected = candidateNames(kind);
        throw new RingscanError(
          'MISSING_FILE',
          `dataset folder ${dir} has no ${kind} file (${expected.slice(0, -1).join(', ')} or ${expected.at(-1)})`,
        );
      }
      continue;
    }
    const name = kind + found.suffix;
    files.push({ kind, name, path: join(dir, name), format: found.format, isGzip: found.isGzip });
  }
  return files;
}

async function assertFolder(dir: string): Promise<void> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new RingscanError('MISSING_FILE', `dataset folder ${dir} is not a folder`);
  } catch (error) {
    if (error instanceof RingscanError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new RingscanError('MISSING_FILE', `dataset folder ${dir} does not exist`);
    throw new RingscanError('UNREADABLE_FILE', `cannot read dataset folder ${dir}: ${systemReason(error)}`);
  }
}

const SYSTEM_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file',
  EIO: 'input/output error',
  Z_DATA_ERROR: 'corrupt gzip data',
  Z_BUF_ERROR: 'truncated gzip data',
};

/** A file-system or zlib error as a short phrase, without paths or stack. */
export function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const known = code === undefined ? undefined : SYSTEM_REASONS[code];
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  if (known === undefined) return message;
  return code?.startsWith('Z_') ? `${known} (${message})` : known;
}
