// Account routes: one account's risk, its neighbourhood, and batch risk for enforcement tools.
import {
  AccountParamsSchema,
  AccountResponseSchema,
  NeighborsQuerySchema,
  NeighborsResponseSchema,
  RiskBatchBodySchema,
  RiskBatchResponseSchema,
} from '../schema/api.js';
import { noRisk } from '../store/findings-store.js';
import { accountView, neighborsView } from './finding-views.js';
import { defineRoute, TextBody } from './route-spec.js';


export const accountsRoutes = [
  defineRoute({
    method: 'get',
    path: '/v1/accounts/:id',
    cachePerRun: true,
    tag: 'accounts',
    summary: "An account's risk, ring, role and reasons in the current run",
    description: 'An account without findings answers risk 0, no ring, no reasons.',
    scopes: ['investigate', 'enforce', 'admin'],
    params: AccountParamsSchema,
    response: AccountResponseSchema,
    errors: [400, 404],
    async handle({ store, params, currentRun }) {
      return accountView(store, (await currentRun()).id, params.id);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/accounts/:id/neighbors',
    cachePerRun: true,
    tag: 'accounts',
    summary: 'Who shares what with this account, one or two hops out',
    scopes: ['investigate', 'admin'],
    params: AccountParamsSchema,
    query: NeighborsQuerySchema,
    response: NeighborsResponseSchema,
    errors: [400, 404],
    async handle({ store, params, query, currentRun }) {
      return neighborsView(store, (await currentRun()).id, params.id, query.depth === 2 ? 2 : 1, query.limit);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/accounts/risk',
    tag: 'accounts',
    summary: 'Risk for a batch of account ids (enforcement)',
    description: 'One entry per distinct id, in request order; accounts without findings have risk 0.',
    scopes: ['enforce', 'admin'],
    body: RiskBatchBodySchema,
    response: RiskBatchResponseSchema,
    errors: [400, 404, 413, 415],
    async handle({ store, body, currentRun, riskEntries }) {
      const run = (await currentRun()).id;
      const ids = [...new Set(body.ids)];
      // Each account's entry is serialized once per run and reused by later batches; the misses are one store query.
      const items = ids.map((id) => riskEntries?.get(run, id));
      const missing = ids.filter((_, i) => items[i] === undefined);
      if (missing.length > 0) {
        const found = new Map((await store.getAccountsRisk(missing, { run })).map((risk) => [risk.account, risk]));
        ids.forEach((id, i) => {
          if (items[i] !== undefined) return;
          items[i] = JSON.stringify(found.get(id) ?? noRisk(id));
          riskEntries?.set(run, id, items[i]);
        });
      }
      return new TextBody('application/json; charset=utf-8', `{"run":${JSON.stringify(run)},"items":[${items.join(',')}]}`);
    },
  }),
];
