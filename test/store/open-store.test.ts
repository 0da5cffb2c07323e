// Store specs: sqlite:PATH or neo4j, from the argument, then RINGSCAN_STORE, then the default file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STORE, openStore, parseStoreSpec } from '../../src/store/open-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

describe('store specs', () => {
  it('parses sqlite:PATH and neo4j; the argument wins over RINGSCAN_STORE, which wins over the default', () => {
    expect(parseStoreSpec('sqlite:/data/rings.db', { RINGSCAN_STORE: 'neo4j' })).toEqual({ kind: 'sqlite', path: '/data/rings.db' });
    expect(parseStoreSpec(undefined, { RINGSCAN_STORE: 'neo4j' })).toEqual({ kind: 'neo4j' });
    expect(parseStoreSpec(undefined, {})).toEqual({ kind: 'sqlite', path: 'ringscan.db' });
    expect(DEFAULT_STORE).toBe('sqlite:ringscan.db');
  });

  it.each(['sqlite:', 'postgres://x', 'neo4j:foo', ''])('refuses %j as BAD_USAGE', (spec) => {
    expect(() => parseStoreSpec(spec, {})).toThrow(expect.objectContaining({ code: 'BAD_USAGE' }));
  });

  it('opens a SQLite store from RINGSCAN_STORE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringscan-open-'));
    try {
      const store = await openStore(undefined, { env: { RINGSCAN_STORE: `sqlite:${join(dir, 'x.db')}` } });
      expect(store).toBeInstanceOf(SqliteStore);
      expect(await store.currentRun()).toBeNull();
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
