// Run history routes: the batch job and investigators read summaries, indicators and alerts here.
import { RunPageSchema, RunParamsSchema, RunsQuerySchema } from '../schema/api.js';
import { RunRecordSchema, type RunRecord } from '../schema/run.js';
import { decodeRunsCursor, encodeRunsCursor, invalidCursor } from './cursor.js';
import type { StoreReader } from './instrumented-store.js';
import { notFound } from './problem.js';
import { defineRoute } from './route-spec.js';

const RUN_READERS = ['investigate', 'admin'] as const;

/**
 * FindingsStore.listRuns has a limit but no cursor, so the page after run X is found by asking for more runs
 * (doubling) until X and a full page after it are in hand. History is one run a day, so this stays small.
 */
async function runsAfter(store: StoreReader, after: string | null, limit: number): Promise<{ items: RunRecord[]; nextCursor: string | null }> {
  let want = limit + 1;
  for (;;) {
    const runs = await store.listRuns({ limit: want });
    const exhausted = runs.length < want;
    const start = after === null ? 0 : runs.findIndex((run) => run.id === after) + 1;
    if (after !== null && start === 0) {
      if (exhausted) throw invalidCursor();
      want *= 2;
      continue;
    }
    if (runs.length - start > limit || exhausted) {
      const items = runs.slice(start, start + limit);
      const hasMore = runs.length - start > limit;
      const last = items.at(-1);
      return { items, nextCursor: hasMore && last ? encodeRunsCursor(last.id) : null };
    }
    want *= 2;
  }
}

export const runsRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/runs',
    tag: 'runs',
    summary: 'Run history, newest first',
    description: 'Each run with its summary counts, indicators and alerts.',
    scopes: RUN_READERS,
    query: RunsQuerySchema,
    response: RunPageSchema,
    errors: [400],
    async handle({ store, query }) {
      const after = query.cursor === undefined ? null : decodeRunsCursor(query.cursor).after;
      return runsAfter(store, after, query.limit);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/runs/:id',
    tag: 'runs',
    summary: 'One run: summary, indicators, alerts',
    scopes: RUN_READERS,
    params: RunParamsSchema,
    response: RunRecordSchema,
    errors: [400, 404],
    async handle({ store, params }) {
      const run = await store.getRun(params.id);
      if (!run) throw notFound('no run with this id');
      return run;
    },
  }),
];
