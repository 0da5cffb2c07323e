// The Neo4j store's boundary: domain objects to parameter rows, and Neo4j values (Integer, lists, JSON text) back.
import { boundStoredRingGraph } from '../lib/ring-graph-limit.js';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import neo4j, { type Integer } from 'neo4j-driver';
import type { DetectionConfig } from '../schema/config.js';
import type { AccountRisk, Reason, RingFeatures, RingGraph, RingMember, Role, RunSummary } from '../schema/findings.js';
import type { Alert, DissolvedRing, Indicators, RingHistoryEntry, RingStatus, RunRecord, StoredRing } from '../schema/run.js';
import type { EdgeFrom } from './collect-neighbors.js';
import { ringKey } from './neo4j-cypher.js';

type Row = Record<string, unknown>;

/** Neo4j Integer (or a plain number) to a JS number; refuses values a double cannot hold exactly. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (neo4j.isInt(value)) {
    const integer = value as Integer;
    if (!integer.inSafeRange()) throw new RangeError(`Neo4j integer ${integer.toString()} is outside the safe range`);
    return integer.toNumber();
  }
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`expected a number from Neo4j, got ${value === null ? 'null' : typeof value}`);
}

const toStringList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const int = (value: number) => neo4j.int(value);

// ---- domain → parameter rows ----

export function runProps(run: RunRecord, config: DetectionConfig | undefined, writingSinceMs: number): Row {
  return {
    id: run.id,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    dataset: run.dataset,
    configHash: run.configHash,
    codeVersion: run.codeVersion,
    // Nested documents are kept as JSON text: Neo4j properties cannot hold maps.
    summary: JSON.stringify(run.summary),
    indicators: JSON.stringify(run.indicators),
    alerts: JSON.stringify(run.alerts),
    config: config === undefined ? null : JSON.stringify(config),
    writingSinceMs,
  };
}

export function ringRows(run: string, rings: readonly StoredRing[], graphs: readonly RingGraph[]): Row[] {
  const graphOf = new Map(graphs.map((graph) => [graph.ring, graph]));
  return rings.map((ring) => {
    const graph = graphOf.get(ring.id);
    return {
      key: ringKey(run, ring.id),
      id: ring.id,
      score: ring.score,
      flagged: ring.flagged,
      size: int(ring.size),
      status: ring.status,
      previous: ring.previous,
      features: JSON.stringify(ring.features),
      reasons: JSON.stringify(ring.reasons),
      graph: graph === undefined ? null : packGraph(boundStoredRingGraph(graph)),
    };
  });
}

/**
 * An evidence graph as deflated JSON bytes: a 1M-account run's graphs are ~50 MB of JSON text, ~5 MB deflated, and
 * Neo4j's write cost grows with the bytes it stores.
 */
export function packGraph(graph: RingGraph): Int8Array {
  const bytes = deflateRawSync(JSON.stringify(graph));
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A stored graph: deflated bytes (packGraph), or the JSON text stores written before packGraph hold. */
export function unpackGraph(value: unknown): RingGraph | null {
  if (typeof value === 'string') return JSON.parse(value) as RingGraph;
  if (value instanceof Int8Array || value instanceof Uint8Array) {
    return JSON.parse(inflateRawSync(value).toString('utf8')) as RingGraph;
  }
  return null;
}

/** Every account the run's relationships name, once. */
export function accountIds(data: { members: readonly RingMember[]; accounts: readonly AccountRisk[] }, graph: { uses: Row[]; edges: Row[] }): string[] {
  const ids = new Set<string>();
  for (const m of data.members) ids.add(m.account);
  for (const a of data.accounts) ids.add(a.account);
  for (const u of graph.uses) ids.add(u.account as string);
  for (const e of graph.edges) {
    ids.add(e.source as string);
    ids.add(e.target as string);
  }
  return [...ids];
}

export function dissolvedRows(run: string, dissolved: readonly DissolvedRing[]): Row[] {
  return dissolved.map((ring) => ({ key: ringKey(run, ring.id), id: ring.id, size: int(ring.size), score: ring.score }));
}

export function memberRows(run: string, members: readonly RingMember[]): Row[] {
  return members.map((m) => ({
    key: ringKey(run, m.ring),
    account: m.account,
    role: m.role,
    risk: m.risk,
    weightedDegree: m.weightedDegree,
    betweenness: m.betweenness,
    pagerank: m.pagerank,
  }));
}

export function accountRows(accounts: readonly AccountRisk[]): Row[] {
  return accounts.map((a) => ({ account: a.account, risk: a.risk, flagged: a.flagged, ring: a.ring, role: a.role, reasons: a.reasons }));
}

/** Entities, USES pairs and LINKED edges of the evidence graphs, each once (an edge as source < target). */
export function graphRows(graphs: readonly RingGraph[]): { entities: Row[]; uses: Row[]; edges: Row[] } {
  const entities = new Map<string, Row>();
  const uses = new Map<string, Row>();
  const edges = new Map<string, Row>();
  for (const graph of graphs) {
    for (const e of graph.entities) entities.set(e.id, { id: e.id, type: e.type, value: e.value, degree: int(e.degree), isHub: e.isHub });
    for (const u of graph.uses) uses.set(JSON.stringify([u.account, u.entity]), { account: u.account, entity: u.entity });
    for (const edge of graph.edges) {
      const [source, target] = edge.source < edge.target ? [edge.source, edge.target] : [edge.target, edge.source];
      const key = JSON.stringify([source, target]);
      if (!edges.has(key)) {
        edges.set(key, { source, target, weight: edge.weight, sharedEntities: edge.sharedEntities, syncTargets: int(edge.syncTargets) });
      }
    }
  }
  return { entities: [...entities.values()], uses: [...uses.values()], edges: [...edges.values()] };
}

// ---- Neo4j values → domain ----

export function toRunRecord(run: Row): RunRecord {
  return {
    id: String(run.id),
    startedAt: String(run.startedAt),
    finishedAt: String(run.finishedAt),
    dataset: String(run.dataset),
    configHash: String(run.configHash),
    codeVersion: String(run.codeVersion),
    summary: JSON.parse(String(run.summary)) as RunSummary,
    indicators: JSON.parse(String(run.indicators)) as Indicators,
    alerts: JSON.parse(String(run.alerts)) as Alert[],
  };
}

export function toStoredRing(ring: Row): StoredRing {
  return {
    id: String(ring.id),
    score: toNumber(ring.score),
    flagged: ring.flagged === true,
    size: toNumber(ring.size),
    features: JSON.parse(String(ring.features)) as RingFeatures,
    reasons: JSON.parse(String(ring.reasons)) as Reason[],
    status: String(ring.status) as RingStatus,
    previous: toStringList(ring.previous),
  };
}

export function toMember(row: Row): RingMember {
  return {
    ring: String(row.ring),
    account: String(row.account),
    role: String(row.role) as Role,
    risk: toNumber(row.risk),
    weightedDegree: toNumber(row.weightedDegree),
    betweenness: toNumber(row.betweenness),
    pagerank: toNumber(row.pagerank),
  };
}

export function toAccountRisk(row: Row): AccountRisk {
  return {
    account: String(row.account),
    risk: toNumber(row.risk),
    flagged: row.flagged === true,
    ring: row.ring === null || row.ring === undefined ? null : String(row.ring),
    role: row.role === null || row.role === undefined ? null : (String(row.role) as Role),
    reasons: toStringList(row.reasons),
  };
}

export function toHistoryEntry(row: Row): RingHistoryEntry & { seq: number } {
  return {
    seq: toNumber(row.seq),
    run: String(row.run),
    finishedAt: String(row.finishedAt),
    status: String(row.status) as RingStatus,
    size: toNumber(row.size),
    score: toNumber(row.score),
    flagged: row.flagged === true,
  };
}

export function toEdgeFrom(row: Row): EdgeFrom {
  return {
    from: String(row.origin),
    other: String(row.other),
    weight: toNumber(row.weight),
    sharedEntities: toStringList(row.sharedEntities),
    syncTargets: toNumber(row.syncTargets),
  };
}
