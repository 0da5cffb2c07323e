// Child process for the concurrency tests: records one synthetic run into a store (sqlite:PATH or neo4j, settings
// from NEO4J_*), printing 'writing' before and 'saved RUN_ID' after. Plain JavaScript over the compiled dist/.
import { recordRun } from '../../dist/src/run/record-run.js';
import { openStore } from '../../dist/src/store/open-store.js';
import { syntheticFindings } from '../../dist/scripts/synthetic-findings.js';

const [spec, rings, label] = process.argv.slice(2);
const findings = syntheticFindings({ rings: Number(rings), extraAccounts: Number(rings), seed: 11 });
const store = await openStore(spec);
process.stdout.write('writing\n');
const startedAt = new Date().toISOString();
const run = await recordRun(store, findings, { dataset: label, startedAt, finishedAt: startedAt, codeVersion: 'concurrency-test' });
process.stdout.write(`saved ${run.id}\n`);
await store.close();
