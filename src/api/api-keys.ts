// API keys: generation, sha256 hashing, parsing a keys file (JSON lines or a JSON array), constant-time lookup.
// Only hashes are ever stored or held in memory; the key itself is shown once when created.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ApiKeyRecordSchema, type ApiKeyRecord, type Scope } from '../schema/api.js';
import { RingscanError } from '../schema/errors.js';

const KEY_PREFIX = 'rsk_';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface NewApiKey {
  /** The bearer token: shown once, never stored. */
  key: string;
  record: ApiKeyRecord;
}

/** `randomBytes` is injectable so tests can make keys deterministic. */
export function createApiKey(scopes: Scope[], options: { id?: string; now?: Date; random?: (n: number) => Buffer } = {}): NewApiKey {
  const random = options.random ?? randomBytes;
  const id = options.id ?? random(6).toString('hex');
  const key = `${KEY_PREFIX}${random(32).toString('base64url')}`;
  const record = ApiKeyRecordSchema.parse({
    id,
    hash: hashKey(key),
    scopes: [...new Set(scopes)],
    ...(options.now ? { createdAt: options.now.toISOString() } : {}),
  });
  return { key, record };
}

/** Parses keys text: a JSON array of records, or one JSON record per line (blank lines and # comments skipped). */
export function parseKeys(text: string, source = 'keys'): ApiKeyRecord[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let raw: unknown[];
  if (trimmed.startsWith('[')) {
    try {
      raw = z.array(z.unknown()).parse(JSON.parse(trimmed));
    } catch {
      throw new RingscanError('BAD_CONFIG', `${source}: not a valid JSON array of key records`);
    }
  } else {
    raw = [];
    const lines = trimmed.split('\n');
    for (const [index, line] of lines.entries()) {
      const content = line.trim();
      if (content === '' || content.startsWith('#')) continue;
      try {
        raw.push(JSON.parse(content));
      } catch {
        throw new RingscanError('BAD_CONFIG', `${source}: line ${index + 1} is not valid JSON`);
      }
    }
  }
  const records = raw.map((value, index) => {
    const parsed = ApiKeyRecordSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RingscanError('BAD_CONFIG', `${source}: key record ${index + 1}: ${issue?.path.join('.') || 'record'} ${issue?.message ?? 'is invalid'}`);
    }
    return parsed.data;
  });
  const ids = new Set<string>();
  for (const record of records) {
    if (ids.has(record.id)) throw new RingscanError('BAD_CONFIG', `${source}: duplicate key id ${record.id}`);
    ids.add(record.id);
  }
  return records;
}

export interface Keyring {
  /** The matching record for a bearer token, or null. Time does not depend on which record matches. */
  authenticate(token: string): ApiKeyRecord | null;
  readonly size: number;
}

export function createKeyring(records: readonly ApiKeyRecord[]): Keyring {
  const entries = records.map((record) => ({ record, digest: Buffer.from(record.hash, 'hex') }));
  return {
    size: entries.length,
    authenticate(token) {
      const digest = createHash('sha256').update(token, 'utf8').digest();
      let match: ApiKeyRecord | null = null;
      // Every record is compared (no early exit), each with a constant-time compare of equal-length digests.
      for (const entry of entries) {
        if (timingSafeEqual(digest, entry.digest) && match === null) match = entry.record;
      }
      return match;
    },
  };
}
