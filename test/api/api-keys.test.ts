import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApiKey, createKeyring, hashKey, parseKeys } from '../../src/api/api-keys.js';
import { createKeyInFile, loadKeys } from '../../src/api/keys-file.js';
import { RingscanError } from '../../src/schema/errors.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'ringscan-keys-'));

describe('API keys', () => {
  it('a created key authenticates, its record holds only the sha256 of it', () => {
    const { key, record } = createApiKey(['enforce']);
    expect(key).toMatch(/^rsk_[A-Za-z0-9_-]{43}$/);
    expect(record.hash).toBe(hashKey(key));
    expect(JSON.stringify(record)).not.toContain(key);
    const keyring = createKeyring([createApiKey(['admin']).record, record]);
    expect(keyring.authenticate(key)?.id).toBe(record.id);
  });

  it('a wrong, truncated or empty token does not authenticate', () => {
    const { key, record } = createApiKey(['investigate']);
    const keyring = createKeyring([record]);
    expect(keyring.authenticate(`${key}x`)).toBeNull();
    expect(keyring.authenticate(key.slice(0, -1))).toBeNull();
    expect(keyring.authenticate('')).toBeNull();
    expect(keyring.authenticate(record.hash)).toBeNull();
  });

  it('parses JSON lines (with blank lines and comments) and JSON arrays alike', () => {
    const a = createApiKey(['investigate'], { id: 'a' }).record;
    const b = createApiKey(['enforce', 'admin'], { id: 'b' }).record;
    expect(parseKeys(`# keys\n${JSON.stringify(a)}\n\n${JSON.stringify(b)}\n`)).toEqual([a, b]);
    expect(parseKeys(JSON.stringify([a, b]))).toEqual([a, b]);
    expect(parseKeys('  ')).toEqual([]);
  });

  it('rejects bad records with a one-line reason naming the record', () => {
    const good = createApiKey(['investigate'], { id: 'a' }).record;
    expect(() => parseKeys(`${JSON.stringify(good)}\n{"id":"b","hash":"abc","scopes":["admin"]}`)).toThrow(/key record 2: hash/);
    expect(() => parseKeys(`{"id":"b","hash":"${good.hash}","scopes":["root"]}`)).toThrow(/scopes/);
    expect(() => parseKeys('{not json')).toThrow(/line 1 is not valid JSON/);
    expect(() => parseKeys(`${JSON.stringify(good)}\n${JSON.stringify(good)}`)).toThrow(/duplicate key id a/);
  });

  it('createKeyInFile appends to a JSON-lines file created with mode 0600', async () => {
    const file = join(tempDir(), 'keys.jsonl');
    const first = await createKeyInFile(file, ['investigate'], { id: 'first' });
    const second = await createKeyInFile(file, ['enforce']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(2);
    expect(text).not.toContain(first.key);
    expect(text).not.toContain(second.key);
    const keyring = createKeyring(await loadKeys({ file }));
    expect(keyring.authenticate(first.key)?.scopes).toEqual(['investigate']);
    expect(keyring.authenticate(second.key)?.scopes).toEqual(['enforce']);
    await expect(createKeyInFile(file, ['admin'], { id: 'first' })).rejects.toThrow(/already exists/);
  });

  it('createKeyInFile keeps a JSON-array file an array', async () => {
    const file = join(tempDir(), 'keys.json');
    writeFileSync(file, JSON.stringify([createApiKey(['admin'], { id: 'ops' }).record]));
    await createKeyInFile(file, ['enforce'], { id: 'tool' });
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { id: string }[];
    expect(parsed.map((record) => record.id)).toEqual(['ops', 'tool']);
  });

  it('loadKeys merges the file and the environment text and refuses a missing file or a twice-defined id', async () => {
    const dir = tempDir();
    const file = join(dir, 'keys.jsonl');
    const fromFile = await createKeyInFile(file, ['investigate'], { id: 'f' });
    const fromEnv = createApiKey(['enforce'], { id: 'e' });
    const records = await loadKeys({ file, env: JSON.stringify([fromEnv.record]) });
    expect(records.map((record) => record.id)).toEqual(['f', 'e']);
    expect(createKeyring(records).authenticate(fromFile.key)?.id).toBe('f');
    await expect(loadKeys({ file: join(dir, 'missing.jsonl') })).rejects.toThrow(RingscanError);
    await expect(loadKeys({ file, env: readFileSync(file, 'utf8') })).rejects.toThrow(/defined twice/);
  });
});
