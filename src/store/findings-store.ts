// The one storage boundary: domain types in, domain types out. No SQL row or Neo4j value leaves src/store/.
import type { AccountRisk, RingGraph } from '../schema/findings.js';
import type { RingHistoryEntry, RunRecord } from '../schema/run.js';
import type { ExportRow, NeighborEdge, RingMemberPage, RingWithMembers, RunToSave, StoredRingPage } from '../schema/store.js';
import type { StoredRing } from '../schema/run.js';

export type { ExportRow, NeighborEdge, RingWithMembers, RunToSave } from '../schema/store.js';

export interface RingDetail {
  ring: StoredRing;
  members: RingMemberPage;
  history: RingHistoryEntry[];
}

/** A page of a list read; the stores return StoredRingPage and RingMemberPage (src/schema/store.ts). */
export type Page<T> = { items: T[]; nextCursor: string | null };

/**
 * Reads default to the current run; naming a run that does not exist throws RingscanError NOT_FOUND, and a
 * cursor that does not parse throws BAD_USAGE. With no run saved yet, reads answer empty (null, [], empty page).
 * Cursors are base64url of the last row's sort key: pass the same run (and filters) to follow them.
 */
export interface FindingsStore {
  /** Throws BAD_USAGE when run.id already exists; nothing is visible unless the whole run is saved. */
  saveRun(data: RunToSave): Promise<void>;
  /** The latest complete run, or null when none. */
  currentRun(): Promise<RunRecord | null>;
  getRun(id: string): Promise<RunRecord | null>;
  /** Newest first; only complete runs. */
  listRuns(options?: { limit?: number }): Promise<RunRecord[]>;
  /** Rings of a run (default: current), riskiest first, then id. */
  listRings(options: { run?: string; minScore?: number; status?: string; cursor?: string | null; limit: number }): Promise<StoredRingPage>;
  getRing(id: string, options?: { run?: string }): Promise<StoredRing | null>;
  /** Members in a stable order (account id ascending). */
  listMembers(ringId: string, options: { run?: string; cursor?: string | null; limit: number }): Promise<RingMemberPage>;
  /** The stored drawing, bounded to RING_GRAPH_LIMITS.maxLimit edges (limitRingGraph; `totals` counts the whole graph). */
  getRingGraph(ringId: string, options?: { run?: string }): Promise<RingGraph | null>;
  /** Oldest run first; a run where the ring dissolved appears with status 'dissolved'. */
  ringHistory(ringId: string): Promise<RingHistoryEntry[]>;
  /** getRing, the first page of listMembers and ringHistory together (one query on Neo4j); null when the ring is not in the run. */
  ringDetail(ringId: string, options: { run?: string; memberLimit: number }): Promise<RingDetail | null>;
  /** Risk of an account in a run (default current); null when the account never appeared with risk. */
  getAccount(id: string, options?: { run?: string }): Promise<AccountRisk | null>;
  /** One entry per distinct id, in request order; accounts without findings get risk 0, no ring, no reasons. */
  getAccountsRisk(ids: string[], options?: { run?: string }): Promise<AccountRisk[]>;
  /** Accounts linked to `id` in the stored evidence graphs: depth 1 by weight desc then id, then depth 2 likewise; at most `limit`. */
  neighbors(id: string, options: { depth: 1 | 2; limit: number; run?: string }): Promise<NeighborEdge[]>;
  /** Streams members of flagged rings (or rings ≥ minScore) for export, in ring (score desc, id) then account order. */
  exportMembers(options: { run?: string; minScore?: number }): AsyncIterable<ExportRow>;
  /** The same rings in the same order, each with all its members at once (what evaluation and ring matching read). */
  ringsWithMembers(options: { run?: string; minScore?: number }): AsyncIterable<RingWithMembers>;
  close(): Promise<void>;
}

/** What a store answers for an account it holds no findings for. */
export function noRisk(account: string): AccountRisk {
  return { account, risk: 0, flagged: false, ring: null, role: null, reasons: [] };
}
