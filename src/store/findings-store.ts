// The one storage boundary: domain types in, domain types out. No SQL row or Neo4j value leaves src/store/.
import type { DetectionConfig } from '../schema/config.js';
import type { AccountRisk, RingGraph, RingMember } from '../schema/findings.js';
import type { DissolvedRing, RingHistoryEntry, RunRecord, StoredRing } from '../schema/run.js';

/** Everything one run writes; saved atomically (all or nothing). */
export interface RunToSave {
  run: RunRecord;
  /** The configuration the run used (its hash is run.configHash); kept for audit. */
  config?: DetectionConfig;
  rings: StoredRing[];
  dissolved: DissolvedRing[];
  members: RingMember[];
  /** Accounts with non-zero risk. */
  accounts: AccountRisk[];
  /** Evidence subgraphs of flagged rings. */
  graphs: RingGraph[];
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; null at the end. */
  nextCursor: string | null;
}

export interface NeighborEdge {
  account: string;
  depth: 1 | 2;
  /** The account it is reached from. */
  via: string;
  sharedEntities: string[];
  syncTargets: number;
  weight: number;
}

/** Export rows: one per member of an exported ring; `flagged` is the account's flag, true exactly when its ring is flagged. */
export interface ExportRow {
  account: string;
  ring: string;
  ringScore: number;
  risk: number;
  role: string;
  flagged: boolean;
}

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
  listRings(options: { run?: string; minScore?: number; status?: string; cursor?: string | null; limit: number }): Promise<Page<StoredRing>>;
  getRing(id: string, options?: { run?: string }): Promise<StoredRing | null>;
  /** Members in a stable order (account id ascending). */
  listMembers(ringId: string, options: { run?: string; cursor?: string | null; limit: number }): Promise<Page<RingMember>>;
  /** The stored drawing, bounded to RING_GRAPH_LIMITS.maxLimit edges (limitRingGraph; `totals` counts the whole graph). */
  getRingGraph(ringId: string, options?: { run?: string }): Promise<RingGraph | null>;
  /** Oldest run first; a run where the ring dissolved appears with status 'dissolved'. */
  ringHistory(ringId: string): Promise<RingHistoryEntry[]>;
  /** Risk of an account in a run (default current); null when the account never appeared with risk. */
  getAccount(id: string, options?: { run?: string }): Promise<AccountRisk | null>;
  /** One entry per distinct id, in request order; accounts without findings get risk 0, no ring, no reasons. */
  getAccountsRisk(ids: string[], options?: { run?: string }): Promise<AccountRisk[]>;
  /** Accounts linked to `id` in the stored evidence graphs: depth 1 by weight desc then id, then depth 2 likewise; at most `limit`. */
  neighbors(id: string, options: { depth: 1 | 2; limit: number; run?: string }): Promise<NeighborEdge[]>;
  /** Streams members of flagged rings (or rings ≥ minScore) for export, in ring (score desc, id) then account order. */
  exportMembers(options: { run?: string; minScore?: number }): AsyncIterable<ExportRow>;
  close(): Promise<void>;
}

/** What a store answers for an account it holds no findings for. */
export function noRisk(account: string): AccountRisk {
  return { account, risk: 0, flagged: false, ring: null, role: null, reasons: [] };
}
