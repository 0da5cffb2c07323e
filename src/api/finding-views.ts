// What the API answers for a ring, its graph, an account and its neighbourhood, assembled from the store in one
// place: the routes serve these and `ringscan ring` / `ringscan account` print them, so the two cannot differ.
import { limitRingGraph } from '../lib/ring-graph-limit.js';
import { PAGE_DEFAULTS, type AccountResponse, type NeighborsResponse, type RingDetail, type RingGraphResponse } from '../schema/api.js';
import { noRisk } from '../store/findings-store.js';
import { encodePinnedCursor } from './cursor.js';
import type { StoreReader } from './instrumented-store.js';

/** A ring with its first members and its latest history; null when the run holds no such ring. */
export async function ringDetailView(store: StoreReader, run: string, id: string): Promise<RingDetail | null> {
  const detail = await store.ringDetail(id, { run, memberLimit: PAGE_DEFAULTS.ringDetailMembers });
  if (!detail) return null;
  const { ring, members, history } = detail;
  return {
    run,
    ring,
    members: { items: members.items, nextCursor: encodePinnedCursor(run, members.nextCursor) },
    history: history.slice(-PAGE_DEFAULTS.ringHistory),
  };
}

/** The ring's graph cut to `limit` edges, with each drawn account's role and risk; 'unflagged' when none was kept. */
export async function ringGraphView(store: StoreReader, run: string, id: string, limit: number): Promise<RingGraphResponse | 'unflagged' | null> {
  const stored = await store.getRingGraph(id, { run });
  if (!stored) return (await store.getRing(id, { run })) === null ? null : 'unflagged';
  const graph = limitRingGraph(stored, limit);
  const risks = await store.getAccountsRisk(graph.accounts, { run });
  return {
    run,
    ring: graph.ring,
    limit,
    truncated: graph.truncated,
    totals: graph.totals,
    accounts: graph.accounts,
    members: risks.map((r) => ({ account: r.account, role: r.role, risk: r.risk })),
    entities: graph.entities,
    uses: graph.uses,
    edges: graph.edges,
  };
}

/** An account's risk, ring, role and reasons; risk 0 and no ring when the run holds nothing for it. */
export async function accountView(store: StoreReader, run: string, id: string): Promise<AccountResponse> {
  return { ...((await store.getAccount(id, { run })) ?? noRisk(id)), run };
}

export async function neighborsView(store: StoreReader, run: string, id: string, depth: 1 | 2, limit: number): Promise<NeighborsResponse> {
  return { run, account: id, depth, items: await store.neighbors(id, { depth, limit, run }) };
}
