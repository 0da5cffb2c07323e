// Reading and writing the experiment's files: NDJSON rows validated line by line (a bad line is a one-line error
// naming the file and line), and the design record beside the assignment (`X.design.json` for `X.ndjson`).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { RingscanError } from '../schema/errors.js';
import { AssignmentRowSchema, DesignRecordSchema, OutcomeRowSchema, type AssignmentRow, type DesignRecord, type OutcomeRow } from '../schema/experiment.js';

export async function readNdjson<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const rows: T[] = [];
  let line = 0;
  const stream = createReadStream(file);
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new RingscanError(error.code === 'ENOENT' ? 'MISSING_FILE' : 'UNREADABLE_FILE', `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)),
    );
  });
  await opened;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new RingscanError('BAD_USAGE', `${file}:${line}: not valid JSON`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RingscanError('BAD_USAGE', `${file}:${line}: ${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}`);
    }
    rows.push(parsed.data);
  }
  return rows;
}

export const designPathOf = (assignmentFile: string) => (assignmentFile.endsWith('.ndjson') ? assignmentFile.slice(0, -'.ndjson'.length) : assignmentFile) + '.design.json';

export function assignmentBytes(rows: readonly AssignmentRow[]): string {
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function writeAssignment(file: string, rows: readonly AssignmentRow[], design: Omit<DesignRecord, 'assignmentSha256'>): Promise<DesignRecord> {
  const bytes = assignmentBytes(rows);
  const record: DesignRecord = { ...design, assignmentSha256: sha256(bytes) };
  await writeFile(file, bytes);
  await writeFile(designPathOf(file), `${JSON.stringify(record, null, 2)}\n`);
  return record;
}

/** The assignment rows and its design record; the record must exist and match the file's bytes. */
export async function readAssignment(file: string): Promise<{ rows: AssignmentRow[]; design: DesignRecord }> {
  const rows = await readNdjson(file, AssignmentRowSchema);
  const designFile = designPathOf(file);
  let text: string;
  try {
    text = await readFile(designFile, 'utf8');
  } catch {
    throw new RingscanError('MISSING_FILE', `no design record ${designFile} beside the assignment (written by \`ringscan experiment design\`)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RingscanError('BAD_USAGE', `${designFile}: not valid JSON`);
  }
  const parsed = DesignRecordSchema.safeParse(json);
  if (!parsed.success) throw new RingscanError('BAD_USAGE', `${designFile}: ${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const actual = sha256(await readFile(file, 'utf8'));
  if (actual !== parsed.data.assignmentSha256) throw new RingscanError('BAD_USAGE', `${file} was changed after it was designed (its sha256 differs from ${designFile})`);
  return { rows, design: parsed.data };
}

export const readOutcomes = (file: string): Promise<OutcomeRow[]> => readNdjson(file, OutcomeRowSchema);
