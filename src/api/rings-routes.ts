// Ring routes: the riskiest rings, one ring's evidence, its drawable subgraph, and paginated membership.
import {
  MemberPageSchema,
  MembersQuerySchema,
  PAGE_DEFAULTS,
  RingDetailSchema,
  RingGraphResponseSchema,
  RingPageSchema,
  RingParamsSchema,
  RingsQuerySchema,
} from '../schema/api.js';
import { RingscanError } from '../schema/errors.js';
import type { RunRecord } from '../schema/run.js';
import { decodePinnedCursor, encodePinnedCursor, invalidCursor } from './cursor.js';
import type { StoreReader } from './instrumented-store.js';
import { notFound } from './problem.js';
import { defineRoute } from './route-spec.js';

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
      const run = (await currentRun()).id;
      const [ring, members, history] = await Promise.all([
        store.getRing(params.id, { run }),
        store.listMembers(params.id, { run, limit: PAGE_DEFAULTS.ringDetailMembers }),
        store.ringHistory(params.id),
      ]);
      if (!ring) throw ringNotFound();
      return { run, ring, members: { items: members.items, nextCursor: encodePinnedCursor(run, members.nextCursor) }, history };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/rings/:id/graph',
    cachePerRun: true,
    tag: 'rings',
    summary: "The ring's evidence subgraph (accounts, entities, edges with evidence) for drawing",
    description: 'Kept for flagged rings only; an unflagged ring answers 404.',
    scopes: ['investigate', 'admin'],
    params: RingParamsSchema,
    response: RingGraphResponseSchema,
    errors: [400, 404],
    async handle({ store, params, currentRun }) {
      const run = (await currentRun()).id;
      const graph = await store.getRingGraph(params.id, { run });
      if (graph) return { ...graph, run };
      if ((await store.getRing(params.id, { run })) === null) throw ringNotFound();
      throw notFound('this ring is not flagged, so no evidence graph was kept');
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
