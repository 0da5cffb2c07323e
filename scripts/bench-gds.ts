// `npm run bench:gds -- [--data DIR] [--truth FILE]`: Neo4j Graph Data Science's fraud-ring workflow as a peer, beside
// ringscan on the same dataset and the same labels. Needs a Neo4j with GDS at NEO4J_URI (`NEO4J_GDS=1 npm run neo4j`);
// it writes only :GdsAccount/:GdsIdentifier nodes and deletes them first and last.
// The workflow is the one Neo4j's fraud examples teach: accounts linked to the identifiers they use, Node Similarity
// (Jaccard over shared identifiers) between accounts, then Weakly Connected Components and Louvain over the
// similarity graph; every component or community of two or more accounts is a flagged ring. Identifiers used by more
// than the naive peer's cap of accounts (NAT IPs, public wifi) are left out, as the examples filter "too common"
// identifiers; without it the similarity step compares every pair behind a carrier IP.
import { parseScriptArgs } from './script-args.js';
import { loadavg } from 'node:os';
import neo4j, { type Driver } from 'neo4j-driver';
import { readGroundTruth, resolveTruthPaths } from '../src/cli/read-ground-truth.js';
import { alignRunRows } from '../src/evaluate/align-run-rows.js';
import { evaluateAligned, evaluateFindings } from '../src/evaluate/evaluate-findings.js';
import type { Evaluation } from '../src/evaluate/evaluation-schema.js';
import type { GroundTruth } from '../src/evaluate/ground-truth.js';
import { NAIVE_PEER_DEFAULTS } from '../src/evaluate/naive-peer.js';
import { runPipeline } from '../src/run/run-pipeline.js';
import { resolveConfig } from '../src/schema/config.js';
import type { Dataset } from '../src/schema/dataset.js';
import { neo4jSettingsFromEnv } from '../src/store/neo4j-store.js';

const USAGE = 'usage: npm run bench:gds -- [--data DIR] [--truth FILE]';
const { values } = parseScriptArgs(USAGE, {
  options: {
    data: { type: 'string', default: '.bench/data-100000-s11' },
    truth: { type: 'string' },
    maxIdentifierDegree: { type: 'string', default: String(NAIVE_PEER_DEFAULTS.maxIdentifierDegree) },
  },
});
const GRAPH = 'ringscan-gds-peer';
const BATCH = 10_000;

async function run(driver: Driver, text: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
  const session = driver.session({ database: neo4jSettingsFromEnv().database });
  try {
    return (await session.run(text, params)).records.map((record) => record.toObject() as Record<string, unknown>);
  } finally {
    await session.close();
  }
}

async function wipe(driver: Driver): Promise<void> {
  await run(driver, `CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName`, { graph: GRAPH });
  for (;;) {
    const [row] = await run(driver, 'MATCH (n) WHERE n:GdsAccount OR n:GdsIdentifier WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS deleted');
    if (Number(row?.deleted ?? 0) === 0) break;
  }
}

/** Accounts and the identifiers they share (2..maxDegree accounts), as (:GdsAccount {i})-[:HAS]->(:GdsIdentifier {i}). */
async function loadSharedIdentifiers(driver: Driver, dataset: Dataset, maxDegree: number): Promise<{ accounts: number; identifiers: number; links: number }> {
  const { account, entity } = dataset.links;
  const accountsOf = new Map<number, Set<number>>();
  for (let k = 0; k < entity.length; k++) {
    let set = accountsOf.get(entity[k]!);
    if (set === undefined) accountsOf.set(entity[k]!, (set = new Set()));
    set.add(account[k]!);
  }
  const pairs: [number, number][] = [];
  const accounts = new Set<number>();
  const identifiers: number[] = [];
  for (const [e, set] of accountsOf) {
    if (set.size < 2 || set.size > maxDegree) continue;
    identifiers.push(e);
    for (const a of set) {
      pairs.push([a, e]);
      accounts.add(a);
    }
  }
  await run(driver, 'CREATE CONSTRAINT gds_account IF NOT EXISTS FOR (a:GdsAccount) REQUIRE a.i IS UNIQUE');
  await run(driver, 'CREATE CONSTRAINT gds_identifier IF NOT EXISTS FOR (e:GdsIdentifier) REQUIRE e.i IS UNIQUE');
  const ids = [...accounts];
  for (let i = 0; i < ids.length; i += BATCH) await run(driver, 'UNWIND $ids AS i CREATE (:GdsAccount {i: i})', { ids: ids.slice(i, i + BATCH) });
  for (let i = 0; i < identifiers.length; i += BATCH) await run(driver, 'UNWIND $ids AS i CREATE (:GdsIdentifier {i: i})', { ids: identifiers.slice(i, i + BATCH) });
  for (let i = 0; i < pairs.length; i += BATCH) {
    await run(driver, 'UNWIND $pairs AS p MATCH (a:GdsAccount {i: p[0]}) MATCH (e:GdsIdentifier {i: p[1]}) CREATE (a)-[:HAS]->(e)', { pairs: pairs.slice(i, i + BATCH) });
  }
  return { accounts: ids.length, identifiers: identifiers.length, links: pairs.length };
}

/** Groups of two or more accounts from (account index, group id) rows. */
function ringsOf(rows: Record<string, unknown>[], ids: readonly string[]): { id: string; members: string[] }[] {
  const groups = new Map<number, string[]>();
  for (const row of rows) {
    const group = Number(row.group);
    let list = groups.get(group);
    if (list === undefined) groups.set(group, (list = []));
    list.push(ids[Number(row.account)]!);
  }
  return [...groups.entries()].filter(([, members]) => members.length >= 2).map(([group, members]) => ({ id: `gds-${group}`, members }));
}

function evaluateRings(rings: { id: string; members: string[] }[], truth: GroundTruth): Evaluation {
  const accounts = rings.flatMap((ring) => ring.members.map((account) => ({ account, risk: 1, flagged: true })));
  return evaluateAligned(alignRunRows(accounts, rings, truth), truth);
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '  -  ' : x.toFixed(3));
const line = (name: string, e: Evaluation, seconds: number, rings: number) =>
  `${name.padEnd(26)} P ${f3(e.accounts.precision)} R ${f3(e.accounts.recall)} F1 ${f3(e.accounts.f1)} J ${f3(e.rings.meanBestJaccard)} ` +
  `benign flagged ${e.accounts.fp}, ${rings} rings, ${seconds.toFixed(1)} s`;

async function main(): Promise<void> {
  const settings = neo4jSettingsFromEnv();
  const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password));
  try {
    const [version] = await run(driver, 'RETURN gds.version() AS version').catch((error: unknown) => {
      throw new Error(`no Graph Data Science at ${settings.uri} (start it with NEO4J_GDS=1 npm run neo4j): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    });
    const ringscanStarted = performance.now();
    const { dataset, findings } = await runPipeline({ dataDir: values.data, config: resolveConfig({}) });
    const ringscanSeconds = (performance.now() - ringscanStarted) / 1000;
    const truth = await readGroundTruth(dataset.accounts.ids, resolveTruthPaths({ data: values.data, ...(values.truth ? { truth: values.truth } : {}) }));
    const ours = evaluateFindings(findings, truth);

    await wipe(driver);
    const loadStarted = performance.now();
    const loaded = await loadSharedIdentifiers(driver, dataset, Number(values.maxIdentifierDegree));
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const algoStarted = performance.now();
    await run(driver, `CALL gds.graph.project($graph, ['GdsAccount', 'GdsIdentifier'], 'HAS') YIELD nodeCount RETURN nodeCount`, { graph: GRAPH });
    const [similarity] = await run(
      driver,
      `CALL gds.nodeSimilarity.mutate($graph, {mutateRelationshipType: 'SIMILAR', mutateProperty: 'score'})
       YIELD relationshipsWritten RETURN relationshipsWritten`,
      { graph: GRAPH },
    );
    const similarSeconds = (performance.now() - algoStarted) / 1000;
    const wccStarted = performance.now();
    const wcc = await run(
      driver,
      `CALL gds.wcc.stream($graph, {nodeLabels: ['GdsAccount'], relationshipTypes: ['SIMILAR']}) YIELD nodeId, componentId
       RETURN gds.util.asNode(nodeId).i AS account, componentId AS group`,
      { graph: GRAPH },
    );
    const wccSeconds = (performance.now() - wccStarted) / 1000;
    const louvainStarted = performance.now();
    const louvain = await run(
      driver,
      `CALL gds.louvain.stream($graph, {nodeLabels: ['GdsAccount'], relationshipTypes: ['SIMILAR'], relationshipWeightProperty: 'score'})
       YIELD nodeId, communityId RETURN gds.util.asNode(nodeId).i AS account, communityId AS group`,
      { graph: GRAPH },
    );
    const louvainSeconds = (performance.now() - louvainStarted) / 1000;
    await wipe(driver);

    const ids = dataset.accounts.ids;
    const wccRings = ringsOf(wcc, ids);
    const louvainRings = ringsOf(louvain, ids);
    console.log(`GDS peer on ${values.data} (${ids.length} accounts), GDS ${String(version?.version)} at ${settings.uri}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`loaded ${loaded.accounts} accounts, ${loaded.identifiers} identifiers shared by 2..${values.maxIdentifierDegree} accounts, ${loaded.links} links in ${loadSeconds.toFixed(1)} s; projection + node similarity ${similarSeconds.toFixed(1)} s (${String(similarity?.relationshipsWritten)} SIMILAR)`);
    console.log(line('ringscan', ours, ringscanSeconds, findings.rings.filter((ring) => ring.flagged).length));
    console.log(line('GDS nodeSimilarity + WCC', evaluateRings(wccRings, truth), loadSeconds + similarSeconds + wccSeconds, wccRings.length));
    console.log(line('GDS nodeSimilarity + Louvain', evaluateRings(louvainRings, truth), loadSeconds + similarSeconds + louvainSeconds, louvainRings.length));
    console.log('(GDS times include loading the identifiers into Neo4j; ringscan\'s include reading the files and every stage)');
  } finally {
    await driver.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-gds: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
