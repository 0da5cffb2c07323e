// Every Cypher statement the Neo4j store runs: fixed texts with $parameters, never a value spliced into the text.
//
// Graph model (DESIGN.md "Storage"): (:Account {id})-[:USES]->(:Entity {id, type, value, degree, isHub});
// (:Account)-[:LINKED {run, weight, sharedEntities, syncTargets}]->(:Account); (:Account)-[:MEMBER_OF {run, role,
// risk, …}]->(:Ring {key, run, id, …})-[:IN_RUN]->(:Run {id, seq, complete, …}); (:Account)-[:SCORED_IN {run, risk,
// flagged, ring, role, reasons}]->(:Run); (:DissolvedRing)-[:IN_RUN]->(:Run); (:Pointer {name: 'current', run}).
// A run is written under a Run node with complete = false and published by one transaction that sets complete
// and moves the pointer; every read goes through a complete run.
import neo4j from 'neo4j-driver';

export interface CypherQuery {
  text: string;
  params: Record<string, unknown>;
}

/** Idempotent schema: run on first use of a store. Every lookup path has its index, `run` alone included. */
export const SCHEMA_STATEMENTS: readonly string[] = [
  // Stores made before run_seq became a uniqueness constraint had a plain index of that name; the constraint needs it gone.
  "DROP INDEX run_seq IF EXISTS",
  'CREATE CONSTRAINT run_seq_unique IF NOT EXISTS FOR (r:Run) REQUIRE r.seq IS UNIQUE',
  'CREATE CONSTRAINT account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE',
  'CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE',
  'CREATE CONSTRAINT run_id IF NOT EXISTS FOR (r:Run) REQUIRE r.id IS UNIQUE',
  'CREATE CONSTRAINT ring_key IF NOT EXISTS FOR (g:Ring) REQUIRE g.key IS UNIQUE',
  'CREATE CONSTRAINT dissolved_key IF NOT EXISTS FOR (d:DissolvedRing) REQUIRE d.key IS UNIQUE',
  'CREATE CONSTRAINT pointer_name IF NOT EXISTS FOR (p:Pointer) REQUIRE p.name IS UNIQUE',
  'CREATE INDEX ring_run_score IF NOT EXISTS FOR (g:Ring) ON (g.run, g.score)',
  'CREATE INDEX ring_id IF NOT EXISTS FOR (g:Ring) ON (g.id)',
  'CREATE INDEX dissolved_id IF NOT EXISTS FOR (d:DissolvedRing) ON (d.id)',
  'CREATE INDEX ring_run IF NOT EXISTS FOR (g:Ring) ON (g.run)',
  'CREATE INDEX dissolved_run IF NOT EXISTS FOR (d:DissolvedRing) ON (d.run)',
  'CREATE INDEX run_complete IF NOT EXISTS FOR (r:Run) ON (r.complete)',
  'CREATE INDEX member_of_run IF NOT EXISTS FOR ()-[m:MEMBER_OF]-() ON (m.run)',
  'CREATE INDEX linked_run IF NOT EXISTS FOR ()-[l:LINKED]-() ON (l.run)',
  'CREATE INDEX scored_in_run IF NOT EXISTS FOR ()-[s:SCORED_IN]-() ON (s.run)',
];

/** Labels this store writes; the test suite refuses to wipe a database holding anything else. */
export const STORE_LABELS = ['Account', 'Entity', 'Run', 'Ring', 'DissolvedRing', 'Pointer'] as const;

/** The unique key of a run's ring (run and ring ids may hold any character, so JSON keeps the pair unambiguous). */
export const ringKey = (run: string, ring: string) => JSON.stringify([run, ring]);

const RUN_FIELDS = 'r { .id, .seq, .startedAt, .finishedAt, .dataset, .configHash, .codeVersion, .summary, .indicators, .alerts } AS run';
const RING_FIELDS = 'g { .id, .score, .flagged, .size, .status, .previous, .features, .reasons } AS ring';

// ---- writes ----

export const runExists = (id: string): CypherQuery => ({
  text: 'MATCH (r:Run {id: $id}) RETURN r.complete AS complete, r.writingSinceMs AS writingSinceMs',
  params: { id },
});

/**
 * Creates the (incomplete) run node with the next sequence number. Concurrent writers serialize on the counter
 * node's write lock (taken by the first SET, before the counter is read), so no two runs get one number; the
 * uniqueness constraint on Run.seq backs that up. The counter starts from the highest stored seq (older stores).
 */
export const createRun = (props: Record<string, unknown>): CypherQuery => ({
  text: `MERGE (c:Pointer {name: 'run-seq'})
         SET c.locked = true
         WITH c
         OPTIONAL MATCH (x:Run)
         WITH c, coalesce(max(x.seq), 0) AS highest
         WITH c, CASE WHEN coalesce(c.value, 0) > highest THEN c.value ELSE highest END + 1 AS seq
         SET c.value = seq
         REMOVE c.locked
         CREATE (r:Run) SET r = $props, r.seq = seq, r.complete = false
         RETURN r.seq AS seq`,
  params: { props },
});

/** A live writer touches its run after every batch; cleanup only deletes runs whose writer went quiet. */
export const touchRun = (run: string, nowMs: number): CypherQuery => ({
  text: 'MATCH (r:Run {id: $run}) WHERE r.complete = false SET r.writingSinceMs = $nowMs',
  params: { run, nowMs },
});

export const writeRings = (run: string, rows: Record<string, unknown>[]): CypherQuery => ({
  text: `MATCH (r:Run {id: $run})
         UNWIND $rows AS row
         CREATE (g:Ring) SET g = row, g.run = $run
         CREATE (g)-[:IN_RUN]->(r)`,
  params: { run, rows },
});

export const writeDissolved = (run: string, rows: Record<string, unknown>[]): CypherQuery => ({
  text: `MATCH (r:Run {id: $run})
         UNWIND $rows AS row
         CREATE (d:DissolvedRing) SET d = row, d.run = $run
         CREATE (d)-[:IN_RUN]->(r)`,
  params: { run, rows },
});

/** Account nodes are shared by runs: the ones this run names are merged once, before any relationship needs them. */
export const writeAccountNodes = (ids: string[]): CypherQuery => ({
  text: 'UNWIND $ids AS id MERGE (:Account {id: id})',
  params: { ids },
});

export const writeMembers = (run: string, rows: Record<string, unknown>[]): CypherQuery => ({
  text: `UNWIND $rows AS row
         MATCH (g:Ring {key: row.key})
         MATCH (a:Account {id: row.account})
         CREATE (a)-[:MEMBER_OF {run: $run, role: row.role, risk: row.risk, weightedDegree: row.weightedDegree,
                                 betweenness: row.betweenness, pagerank: row.pagerank}]->(g)`,
  params: { run, rows },
});

export const writeAccounts = (run: string, rows: Record<string, unknown>[]): CypherQuery => ({
  text: `MATCH (r:Run {id: $run})
         UNWIND $rows AS row
         MATCH (a:Account {id: row.account})
         CREATE (a)-[:SCORED_IN {run: $run, risk: row.risk, flagged: row.flagged, ring: row.ring, role: row.role,
                                 reasons: row.reasons}]->(r)`,
  params: { run, rows },
});

export const writeEntities = (rows: Record<string, unknown>[]): CypherQuery => ({
  text: `UNWIND $rows AS row
         MERGE (e:Entity {id: row.id})
         SET e.type = row.type, e.value = row.value, e.degree = row.degree, e.isHub = row.isHub`,
  params: { rows },
});

export const writeUses = (rows: Record<string, unknown>[]): CypherQuery => ({
  text: `UNWIND $rows AS row
         MATCH (a:Account {id: row.account})
         MATCH (e:Entity {id: row.entity})
         MERGE (a)-[:USES]->(e)`,
  params: { rows },
});

export const writeEdges = (run: string, rows: Record<string, unknown>[]): CypherQuery => ({
  text: `UNWIND $rows AS row
         MATCH (a:Account {id: row.source})
         MATCH (b:Account {id: row.target})
         CREATE (a)-[:LINKED {run: $run, weight: row.weight, sharedEntities: row.sharedEntities,
                              syncTargets: row.syncTargets}]->(b)`,
  params: { run, rows },
});

/**
 * Publishing: the run becomes complete and, in the same transaction, current unless a newer run (higher seq)
 * already is: the pointer never moves back. The pointer's write lock is taken before its run is read.
 */
export const publishRun = (run: string): CypherQuery => ({
  text: `MATCH (r:Run {id: $run})
         SET r.complete = true
         MERGE (p:Pointer {name: 'current'})
         SET p.locked = true
         WITH r, p
         OPTIONAL MATCH (now:Run {id: p.run})
         WITH r, p, now IS NULL OR now.seq < r.seq AS newer
         SET p.run = CASE WHEN newer THEN r.id ELSE p.run END
         REMOVE p.locked
         RETURN newer AS current`,
  params: { run },
});

/** Runs left incomplete by a writer that died: not touched since `beforeMs` (a live writer touches its run per batch). */
export const staleRuns = (beforeMs: number): CypherQuery => ({
  text: 'MATCH (r:Run {complete: false}) WHERE r.writingSinceMs < $beforeMs RETURN r.id AS id',
  params: { beforeMs },
});

/** One bounded step of deleting an incomplete run; repeat until it reports 0. */
export const deleteRunStep = (run: string, limit: number): CypherQuery[] => [
  {
    text: `MATCH ()-[l:LINKED {run: $run}]->() WITH l LIMIT $limit DELETE l RETURN count(*) AS deleted`,
    params: { run, limit: neo4j.int(limit) },
  },
  {
    text: `MATCH ()-[s:SCORED_IN {run: $run}]->() WITH s LIMIT $limit DELETE s RETURN count(*) AS deleted`,
    params: { run, limit: neo4j.int(limit) },
  },
  {
    text: `MATCH (g:Ring {run: $run}) WITH g LIMIT $limit DETACH DELETE g RETURN count(*) AS deleted`,
    params: { run, limit: neo4j.int(Math.max(1, Math.floor(limit / 20))) },
  },
  {
    text: `MATCH (d:DissolvedRing {run: $run}) WITH d LIMIT $limit DETACH DELETE d RETURN count(*) AS deleted`,
    params: { run, limit: neo4j.int(limit) },
  },
  {
    text: `MATCH (r:Run {id: $run}) WHERE r.complete = false DETACH DELETE r RETURN count(*) AS deleted`,
    params: { run },
  },
];

// ---- reads ----

export const currentRun = (): CypherQuery => ({
  text: `MATCH (p:Pointer {name: 'current'}) MATCH (r:Run {id: p.run}) RETURN ${RUN_FIELDS}`,
  params: {},
});

export const getRun = (id: string): CypherQuery => ({
  text: `MATCH (r:Run {id: $id}) WHERE r.complete = true RETURN ${RUN_FIELDS}`,
  params: { id },
});

export const listRuns = (limit: number | undefined): CypherQuery => ({
  text: `MATCH (r:Run) WHERE r.complete = true RETURN ${RUN_FIELDS} ORDER BY r.seq DESC LIMIT $limit`,
  params: { limit: neo4j.int(limit ?? 1_000_000_000) },
});

// Every read of a run's data is one query that opens by matching the complete run: it answers no row at all when
// the run is not complete (or absent), and otherwise exactly one row, so the store tells "no such run" from "empty".
const IN_RUN = 'MATCH (r:Run {id: $run}) WHERE r.complete = true';

export const listRings = (options: {
  run: string;
  minScore?: number | undefined;
  status?: string | undefined;
  after?: { score: number; id: string } | undefined;
  limit: number;
}): CypherQuery => ({
  text: `${IN_RUN}
         RETURN COLLECT {
           MATCH (g:Ring {run: $run})
           WHERE g.score >= $minScore
             AND ($status IS NULL OR g.status = $status)
             AND ($afterId IS NULL OR g.score < $afterScore OR (g.score = $afterScore AND g.id > $afterId))
           RETURN ${RING_FIELDS.replace(' AS ring', '')}
           ORDER BY g.score DESC, g.id
           LIMIT $limit
         } AS items`,
  params: {
    run: options.run,
    minScore: options.minScore ?? -1,
    status: options.status ?? null,
    afterScore: options.after?.score ?? null,
    afterId: options.after?.id ?? null,
    limit: neo4j.int(options.limit),
  },
});

export const getRing = (run: string, id: string): CypherQuery => ({
  text: `${IN_RUN} OPTIONAL MATCH (g:Ring {key: $key}) RETURN ${RING_FIELDS}`,
  params: { run, key: ringKey(run, id) },
});

export const listMembers = (run: string, ring: string, after: string | null, limit: number): CypherQuery => ({
  text: `${IN_RUN}
         RETURN COLLECT {
           MATCH (a:Account)-[m:MEMBER_OF]->(g:Ring {key: $key})
           WHERE $after IS NULL OR a.id > $after
           RETURN {ring: g.id, account: a.id, role: m.role, risk: m.risk, weightedDegree: m.weightedDegree,
                   betweenness: m.betweenness, pagerank: m.pagerank}
           ORDER BY a.id
           LIMIT $limit
         } AS items`,
  params: { run, key: ringKey(run, ring), after, limit: neo4j.int(limit) },
});

export const getRingGraph = (run: string, ring: string): CypherQuery => ({
  text: `${IN_RUN} OPTIONAL MATCH (g:Ring {key: $key}) RETURN g.graph AS graph`,
  params: { run, key: ringKey(run, ring) },
});

export const ringHistory = (id: string): CypherQuery => ({
  text: `MATCH (g:Ring {id: $id})-[:IN_RUN]->(r:Run) WHERE r.complete = true
         RETURN r.seq AS seq, r.id AS run, r.finishedAt AS finishedAt, g.status AS status, g.size AS size,
                g.score AS score, g.flagged AS flagged
         UNION ALL
         MATCH (d:DissolvedRing {id: $id})-[:IN_RUN]->(r:Run) WHERE r.complete = true
         RETURN r.seq AS seq, r.id AS run, r.finishedAt AS finishedAt, 'dissolved' AS status, d.size AS size,
                d.score AS score, false AS flagged`,
  params: { id },
});

/**
 * Rings of a run, each with its first members and its history across runs, in one round trip: one row per asked
 * ring (`ring` null when the run has no such ring), or no row at all when the run is not a complete stored run.
 */
export const ringDetails = (run: string, rings: readonly string[], memberLimit: number): CypherQuery => ({
  text: `${IN_RUN}
         UNWIND $rings AS asked
         OPTIONAL MATCH (g:Ring {key: asked.key})
         RETURN asked.id AS id, ${RING_FIELDS},
           COLLECT {
             MATCH (a:Account)-[m:MEMBER_OF]->(g)
             RETURN {ring: g.id, account: a.id, role: m.role, risk: m.risk, weightedDegree: m.weightedDegree,
                     betweenness: m.betweenness, pagerank: m.pagerank}
             ORDER BY a.id
             LIMIT $limit
           } AS members,
           COLLECT {
             MATCH (h:Ring {id: asked.id})-[:IN_RUN]->(hr:Run) WHERE g IS NOT NULL AND hr.complete = true
             RETURN {seq: hr.seq, run: hr.id, finishedAt: hr.finishedAt, status: h.status, size: h.size, score: h.score, flagged: h.flagged} AS entry
             UNION ALL
             MATCH (d:DissolvedRing {id: asked.id})-[:IN_RUN]->(hr:Run) WHERE g IS NOT NULL AND hr.complete = true
             RETURN {seq: hr.seq, run: hr.id, finishedAt: hr.finishedAt, status: 'dissolved', size: d.size, score: d.score, flagged: false} AS entry
           } AS history`,
  params: { run, rings: rings.map((id) => ({ id, key: ringKey(run, id) })), limit: neo4j.int(memberLimit) },
});

/** Risks of accounts in a run: from each Account (unique index) into the run's node, never over the run's many SCORED_IN. */
export const getAccounts = (run: string, ids: string[]): CypherQuery => ({
  text: `${IN_RUN}
         RETURN COLLECT {
           UNWIND $ids AS id
           MATCH (a:Account {id: id})-[s:SCORED_IN]->(r)
           RETURN {account: a.id, risk: s.risk, flagged: s.flagged, ring: s.ring, role: s.role, reasons: s.reasons}
         } AS items`,
  params: { run, ids },
});

/** Every LINKED edge of the run touching one of the accounts, seen from that account. */
export const edgesOf = (run: string, accounts: string[]): CypherQuery => ({
  text: `${IN_RUN}
         RETURN COLLECT {
           UNWIND $accounts AS id
           MATCH (a:Account {id: id})-[l:LINKED {run: $run}]-(b:Account)
           RETURN {origin: a.id, other: b.id, weight: l.weight, sharedEntities: l.sharedEntities, syncTargets: l.syncTargets}
         } AS items`,
  params: { run, accounts },
});

/** Rings to export: the flagged ones, or those scoring at least minScore; each form a plain predicate the index serves. */
export const exportRings = (run: string, minScore: number | undefined): CypherQuery =>
  minScore === undefined
    ? {
        text: `${IN_RUN}
               RETURN COLLECT { MATCH (g:Ring {run: $run}) WHERE g.flagged = true RETURN {id: g.id, score: g.score} ORDER BY g.score DESC, g.id } AS items`,
        params: { run },
      }
    : {
        text: `${IN_RUN}
               RETURN COLLECT { MATCH (g:Ring {run: $run}) WHERE g.score >= $minScore RETURN {id: g.id, score: g.score} ORDER BY g.score DESC, g.id } AS items`,
        params: { run, minScore },
      };

/** Members of a chunk of rings, in the given ring order then account id. */
export const exportMembers = (run: string, rings: string[]): CypherQuery => ({
  text: `UNWIND range(0, size($keys) - 1) AS i
         MATCH (a:Account)-[m:MEMBER_OF]->(g:Ring {key: $keys[i]})
         OPTIONAL MATCH (a)-[s:SCORED_IN]->(:Run {id: $run})
         RETURN g.id AS ring, a.id AS account, m.risk AS risk, m.role AS role, coalesce(s.flagged, false) AS flagged
         ORDER BY i, a.id`,
  params: { run, keys: rings.map((ring) => ringKey(run, ring)) },
});

/** Labels present in the database (the test suite checks them before wiping). */
export const databaseLabels = (): CypherQuery => ({ text: 'CALL db.labels() YIELD label RETURN label', params: {} });
