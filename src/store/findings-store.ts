// The one storage boundary: domain types in, domain types out. No SQL row or Neo4j value leaves src/store/.
import type { AccountRisk, RingGraph, RingMember } from '../schema/findings.js';
import type { DissolvedRing, RingHistoryEntry, RunRecord, StoredRing } from '../schema/run.js';

/** Everything one run writes; saved atomically (all or nothing). */
export interface RunToSave {
  run: RunRecord;
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

export interface FindingsStore {
  saveRun(data: RunToSave): Promise<void>;
  /** The latest complete run, or null when none. */
  currentRun(): Promise<RunRecord | null>;
  getRun(id: string): Promise<RunRecord | null>;
  /** Newest first. */
  listRuns(options?: { limit?: number }): Promise<RunRecord[]>;
  /** Rings of a run (default: current), riskiest first, then id. */
  listRings(options: { run?: string; minScore?: number; status?: string; cursor?: string | null; limit: number }): Promise<Page<StoredRing>>;
  getRing(id: string, options?: { run?: string }): Promise<StoredRing | null>;
  /** Members in a stable order (account id ascending). */
  listMembers(ringId: string, options: { run?: string; cursor?: string | null; limit: number }): Promise<Page<RingMember>>;
  getRingGraph(ringId: string, options?: { run?: string }): Promise<RingGraph | null>;
  ringHistory(ringId: string): Promise<RingHistoryEntry[]>;
  /** Risk of an account in a run (default current); null when the account never appeared with risk. */
  getAccount(id: string, options?: { run?: string }): Promise<AccountRisk | null>;
  getAccountsRisk(ids: string[], options?: { run?: string }): Promise<AccountRisk[]>;
  neighbors(id: string, options: { depth: 1 | 2; limit: number; run?: string }): Promise<NeighborEdge[]>;
  /** Streams members of flagged rings (or rings ≥ minScore) for export, in ring then account order. */
  exportMembers(options: { run?: string; minScore?: number }): AsyncIterable<{ account: string; ring: string; ringScore: number; risk: number; role: string; flagged: boolean }>;
  close(): Promise<void>;
}
