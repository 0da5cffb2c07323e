// Neo4j store: the shared contract against a real server when NEO4J_URI is set (skipped, with the reason, otherwise),
// and connection failures against nothing at all, which need no server.
import { describe, expect, it } from 'vitest';
import { RingscanError } from '../../src/schema/errors.js';
import { neo4jSettingsFromEnv, openNeo4jStore, type Neo4jStore } from '../../src/store/neo4j-store.js';
import { describeStoreContract } from './store-contract.js';

const uri = process.env.NEO4J_URI;

describe.skipIf(!uri)(uri ? `Neo4j at ${uri} (the tests delete everything in its database)` : 'NEO4J_URI not set: Neo4j contract skipped', () => {
  describeStoreContract(
    'neo4j',
    async () => {
      const settings = neo4jSettingsFromEnv();
      let first = true;
      const opened: Neo4jStore[] = [];
      return {
        open: async () => {
          const store = await openNeo4jStore(settings, { connectTimeoutMs: 10_000 });
          if (first) await store.wipeForTests();
          first = false;
          opened.push(store);
          return store;
        },
        cleanup: async () => {
          for (const store of opened) await store.close();
        },
      };
    },
    { timeoutMs: 120_000 },
  );
});

// The API suite runs over Neo4j only with a server (vitest.config.ts adds its files to the neo4j project then);
// without one, this placeholder shows up among the skipped tests with the reason.
if (!uri) {
  describe.skip('NEO4J_URI not set: the API suite runs over SQLite only', () => {
    it('API suite over Neo4j (test/api in the vitest project neo4j)', () => undefined);
  });
}

async function openError(settings: Parameters<typeof openNeo4jStore>[0]): Promise<RingscanError> {
  const error = await openNeo4jStore(settings, { connectTimeoutMs: 2000 }).then(
    async (store) => {
      await store.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RingscanError);
  expect((error as Error).message).not.toContain('\n');
  return error as RingscanError;
}

describe('Neo4j connection errors (no server needed)', () => {
  it('a port where nothing listens is STORE_UNAVAILABLE naming the URI, within the timeout', async () => {
    const started = Date.now();
    const error = await openError({ uri: 'neo4j://127.0.0.1:9', user: 'neo4j', password: 'x' });
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toBe("cannot reach Neo4j at neo4j://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a URI with an unknown scheme is STORE_UNAVAILABLE', async () => {
    const error = await openError({ uri: 'http://127.0.0.1:7474', user: 'neo4j', password: 'x' });
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain('http://127.0.0.1:7474');
  });

  it('settings come from NEO4J_* variables; a missing NEO4J_URI is a clear error', () => {
    expect(neo4jSettingsFromEnv({ NEO4J_URI: 'neo4j://db:7687', NEO4J_PASSWORD: 'pw', NEO4J_DATABASE: 'rings' })).toEqual({
      uri: 'neo4j://db:7687',
      user: 'neo4j',
      password: 'pw',
      database: 'rings',
    });
    expect(() => neo4jSettingsFromEnv({})).toThrow(/NEO4J_URI is not set/);
  });
});
