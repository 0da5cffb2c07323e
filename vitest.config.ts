import { defineConfig } from 'vitest/config';

// Files that use the one Neo4j database at NEO4J_URI: they wipe it, so they run one at a time, after the rest.
const NEO4J_FILES = ['test/store/neo4j-store.test.ts', 'test/store/concurrent-runs.test.ts'];
// The API suite that runs over a store: over SQLite in the main project, and again over Neo4j when NEO4J_URI is set.
const API_OVER_STORE = ['test/api/http-routes.test.ts', 'test/api/http-errors.test.ts', 'test/api/http-fuzz.test.ts', 'test/api/start-server.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: NEO4J_FILES, sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: {
          name: 'neo4j',
          include: [...NEO4J_FILES, ...(process.env.NEO4J_URI ? API_OVER_STORE : [])],
          env: { RINGSCAN_TEST_STORE: 'neo4j' },
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
