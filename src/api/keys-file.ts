// Reading and appending API key records: a keys file (JSON lines or a JSON array) and/or RINGSCAN_API_KEYS.
import { appendFile, chmod, readFile, rename, writeFile } from 'node:fs/promises';
import type { ApiKeyRecord, Scope } from '../schema/api.js';
import { RingscanError } from '../schema/errors.js';
import { createApiKey, parseKeys, type NewApiKey } from './api-keys.js';

export const KEYS_ENV = 'RINGSCAN_API_KEYS';

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RingscanError('UNREADABLE_FILE', `cannot read keys file ${file}`);
  }
}

/** Key records from the file (missing file: an error) and from the environment variable's text, merged. */
export async function loadKeys(options: { file?: string; env?: string }): Promise<ApiKeyRecord[]> {
  const records: ApiKeyRecord[] = [];
  if (options.file !== undefined) {
    const text = await readText(options.file);
    if (text === null) throw new RingscanError('MISSING_FILE', `keys file ${options.file} does not exist (create one with: ringscan keys create --scope investigate --keys ${options.file})`);
    records.push(...parseKeys(text, options.file));
  }
  if (options.env !== undefined && options.env.trim() !== '') records.push(...parseKeys(options.env, KEYS_ENV));
  const ids = new Set<string>();
  for (const record of records) {
    if (ids.has(record.id)) throw new RingscanError('BAD_CONFIG', `key id ${record.id} is defined twice`);
    ids.add(record.id);
  }
  return records;
}

/**
 * Creates a key and records its hash in the file (created with mode 0600). A JSON-lines file gets one more
 * line; a JSON-array file is rewritten whole through a temporary file and a rename.
 */
export async function createKeyInFile(file: string, scopes: Scope[], options: { id?: string; now?: Date } = {}): Promise<NewApiKey> {
  const text = await readText(file);
  const existing = text === null ? [] : parseKeys(text, file);
  const created = createApiKey(scopes, options);
  if (existing.some((record) => record.id === created.record.id)) {
    throw new RingscanError('BAD_USAGE', `key id ${created.record.id} already exists in ${file}`);
  }
  if (text !== null && text.trim().startsWith('[')) {
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify([...existing, created.record], null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, file);
  } else {
    const separator = text !== null && text.length > 0 && !text.endsWith('\n') ? '\n' : '';
    await appendFile(file, `${separator}${JSON.stringify(created.record)}\n`, { mode: 0o600 });
    if (text === null) await chmod(file, 0o600);
  }
  return created;
}
