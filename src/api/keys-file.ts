// Reading and appending API key records: a keys file (JSON lines or a JSON array) and/or RINGSCAN_API_KEYS.
import { appendFile, chmod, readFile, rename, stat, writeFile } from 'node:fs/promises';
import type { ApiKeyRecord, Scope } from '../schema/api.js';
import { RingscanError } from '../schema/errors.js';
import { createApiKey, createKeyring, parseKeys, type Keyring, type NewApiKey } from './api-keys.js';

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

/**
 * Removes the key `id` from the file, rewritten whole through a temporary file and a rename (so a server
 * reading it never sees half a file). JSON lines keep their other lines (comments too); a JSON array stays one.
 */
export async function revokeKeyInFile(file: string, id: string): Promise<ApiKeyRecord> {
  const text = await readText(file);
  if (text === null) throw new RingscanError('MISSING_FILE', `keys file ${file} does not exist`);
  const records = parseKeys(text, file);
  const revoked = records.find((record) => record.id === id);
  if (!revoked) throw new RingscanError('NOT_FOUND', `no key ${id} in ${file} (ringscan keys list --keys ${file} shows the ids)`);
  let next: string;
  if (text.trim().startsWith('[')) {
    next = `${JSON.stringify(records.filter((record) => record.id !== id), null, 2)}\n`;
  } else {
    const kept = text.split('\n').filter((line) => {
      const content = line.trim();
      if (content === '' || content.startsWith('#')) return true;
      return (JSON.parse(content) as { id?: unknown }).id !== id;
    });
    next = kept.join('\n');
  }
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, next, { mode: 0o600 });
  await rename(temporary, file);
  return revoked;
}

export interface WatchedKeyring extends Keyring {
  stop(): void;
}

/**
 * A keyring that follows its keys file: checked every `intervalMs` (size and mtime), reloaded when it changes,
 * so `ringscan keys revoke` takes effect on a running server within about a second. A file that stops
 * parsing keeps the last good keys and reports why through `onError`.
 */
export async function watchKeysFile(
  file: string,
  options: { env?: string; intervalMs?: number; onReload?: (count: number) => void; onError?: (message: string) => void } = {},
): Promise<WatchedKeyring> {
  const load = () => loadKeys({ file, ...(options.env === undefined ? {} : { env: options.env }) });
  const signature = async () => {
    const info = await stat(file);
    return `${info.size}:${info.mtimeMs}:${info.ino}`;
  };
  let current = createKeyring(await load());
  let seen = await signature();
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void (async () => {
      try {
        const now = await signature();
        if (now === seen) return;
        seen = now;
        current = createKeyring(await load());
        options.onReload?.(current.size);
      } catch (error) {
        options.onError?.(error instanceof Error ? error.message : String(error));
      } finally {
        checking = false;
      }
    })();
  }, options.intervalMs ?? 1000);
  timer.unref();
  return {
    authenticate: (token) => current.authenticate(token),
    get size() {
      return current.size;
    },
    stop: () => clearInterval(timer),
  };
}
