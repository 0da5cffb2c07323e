// Ring routes: the riskiest rings, one ring's evidence, its drawable subgraph, and paginated membership.
import {
  MemberPageSchema,
  MembersQuerySchema,
  RingDetailSchema,
  RingGraphResponseSchema,
  RingGraphQuerySchema,
  RingPageSchema,
  RingParamsSchema,
  RingsQuerySchema,
} from '../schema/api.js';
import { RingscanError } from '../schema/errors.js';
import type { RunRecord } from '../schema/run.js';
import { decodePinnedCursor, encodePinnedCursor, invalidCursor } from './cursor.js';
import type { StoreReader } from './instrumented-store.js';
import { notFound } from './problem.js';
import { defineRoute, TextBody } from './route-spec.js';
import { ringDetailView, ringGraphView } from './finding-views.js';
import { RING_GRAPH_LIMITS } from '../lib/ring-graph-limit.js';
import { ringGraphToGexf, ringGraphToGraphml } from '../lib/ring-graph-formats.js';

const GEXF_TYPE = 'application/gexf+xml';
const GRAPHML_TYPE = 'application/graphml+xml';

/** A first page starts on the current run; later pages stay on the run their cursor was issued for. */
async function pageStart(
  cursor: string | undefined,
  store: StoreReader,
  currentRun: () => Promise<RunRecord>,
): Promise<{ run: string; storeCursor: string | null }> {
  if (cursor === undefined) return { run: (await currentRun()).id, storeCursor: null };
  const pinned = decodePinnedCursor(cursor);
  if ((await store.getRun(pinned.r)) === null) throw invalidCursor();
  return { run: pinned.r, storeCursor: pinned.c };
}

/** A store rejects a cursor it did not issue with BAD_USAGE; here that is the caller's `cursor` field. */
async function withCursor<T>(page: Promise<T>): Promise<T> {
  try {
    return await page;
  } catch (error) {
    throw error instanceof RingscanError && error.code === 'BAD_USAGE' ? invalidCursor() : error;
  }
}

const ringNotFound = () => notFound('no ring with this id in the current run');

export const ringsRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/rings',
    cachePerRun: true,
    tag: 'rings',
    summary: 'Rings of the current run, riskiest first',
    description: 'Ordered by score descending, then id. Filter by minimum score and lifecycle status.',
    scopes: ['investigate', 'enforce', 'admin'],
    query: RingsQuerySchema,
    response: RingPageSchema,
    errors: [400, 404],
    async handle({ store, query, currentRun }) {
      const { run, storeCursor } = await pageStart(query.cursor, store, currentRun);
      const page = await withCursor(store.listRings({
        run,
        cursor: storeCursor,
        limit: query.limit,
        ...(query.minScore === undefined ? {} : { minScore: query.minScore }),
        ...(query.status === undefined ? {} : { status: query.status }),
      }));
      return { run, items: page.items, nextCursor: encodePinnedCursor(run, page.nextCursor) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/rings/:id',
    cachePerRun: true,
    tag: 'rings',
    summary: 'One ring: features, reasons, first members with roles, history across runs',
    scopes: ['investigate', 'admin'],
    params: RingParamsSchema,
    response: RingDetailSchema,
    errors: [400, 404],
    async handle({ store, params, currentRun }) {
      const detail = await ringDetailView(store, (await currentRun()).id, params.id);
      if (!detail) throw ringNotFound();
      return detail;
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/rings/:id/graph',
    cachePerRun: true,
    tag: 'rings',
    summary: "The ring's evidence subgraph (accounts, identifiers, edges with evidence) for drawing",
    description:
      `Bounded: at most \`limit\` edges (default ${RING_GRAPH_LIMITS.defaultLimit}, at most ${RING_GRAPH_LIMITS.maxLimit}), strongest evidence first, ` +
      'with `truncated` and the whole graph\'s `totals`. `format=gexf` (Gephi) or `format=graphml` (Cytoscape) answer the same graph as XML. ' +
      'Kept for flagged rings only; an unflagged ring answers 404.',
    scopes: ['investigate', 'admin'],
    params: RingParamsSchema,
    query: RingGraphQuerySchema,
    response: RingGraphResponseSchema,
    alternateContent: [GEXF_TYPE, GRAPHML_TYPE],
    errors: [400, 404],
    async handle({ store, params, query, currentRun }) {
      const run = (await currentRun()).id;
      const graph = await ringGraphView(store, run, params.id, query.limit);
      if (graph === null) throw ringNotFound();
      if (graph === 'unflagged') throw notFound('this ring is not flagged, so no evidence graph was kept');
      if (query.format === 'json') return graph;
      const description = `ring ${graph.ring} of run ${run}${graph.truncated ? ` (the ${query.limit} strongest of ${graph.totals.edges + graph.totals.uses} edges)` : ''}`;
      return query.format === 'gexf'
        ? new TextBody(GEXF_TYPE, ringGraphToGexf(graph, graph.members, description))
        : new TextBody(GRAPHML_TYPE, ringGraphToGraphml(graph, graph.members, description));
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/rings/:id/members',
    cachePerRun: true,
    tag: 'rings',
    summary: 'Ring membership for enforcement, in a stable order (account id ascending)',
    description: 'Cursor-paginated; every page of one walk comes from the run the walk started on.',
    scopes: ['investigate', 'enforce', 'admin'],
    params: RingParamsSchema,
    query: MembersQuerySchema,
    response: MemberPageSchema,
    errors: [400, 404],
    async handle({ store, params, query, currentRun }) {
      const { run, storeCursor } = await pageStart(query.cursor, store, currentRun);
      const [ring, page] = await Promise.all([
        store.getRing(params.id, { run }),
        withCursor(store.listMembers(params.id, { run, cursor: storeCursor, limit: query.limit })),
      ]);
      if (!ring) throw ringNotFound();
      return { run, ring: params.id, items: page.items, nextCursor: encodePinnedCursor(run, page.nextCursor) };
    },
  }),
];
