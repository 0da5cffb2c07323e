// Child process for the crash-safety test: records a large run into a SQLite store and is killed mid-write.
// Plain JavaScript over the compiled dist/ (npm test builds it first), since node cannot run the TypeScript sources.
import { recordRun } from '../../dist/src/run/record-run.js';
import { openSqliteStore } from '../../dist/src/store/sqlite-store.js';
import { syntheticFindings } from '../../dist/scripts/synthetic-findings.js';

const [path, rings] = process.argv.slice(2);
const findings = syntheticFindings({ rings: Number(rings), extraAccounts: Number(rings), seed: 11 });
// A 1 MiB page cache makes SQLite spill uncommitted pages into the WAL long before the commit,
// so the kill lands on a file that really holds half a transaction.
const store = openSqliteStore(path, { cacheSizeMiB: 1 });
process.stdout.write('writing\n');
await recordRun(store, findings, { dataset: 'crash', startedAt: '2025-01-02T00:00:00Z', finishedAt: '2025-01-02T00:10:00Z', codeVersion: 'crash-test' });
process.stdout.write('saved\n');
await store.close();
