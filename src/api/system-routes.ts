// Liveness, readiness, the OpenAPI document and Prometheus metrics.
import { z } from 'zod';
import type { Registry } from 'prom-client';
import { HealthResponseSchema, ReadyResponseSchema } from '../schema/api.js';
import { defineRoute, type AnyRouteSpec } from './route-spec.js';

export function systemRoutes(deps: { registry: Registry; openApiDocument: () => object }): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/health',
      tag: 'system',
      summary: 'Liveness',
      scopes: 'public',
      response: HealthResponseSchema,
      errors: [],
      handle: async () => ({ status: 'ok' as const }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/ready',
      tag: 'system',
      summary: 'Readiness: the store answers the reads the API serves',
      description:
        'Reads the current run, its riskiest ring, one member and that account, as the data routes do. 200 when the store answers ' +
        '(run is null before the first run is recorded); 503 when it does not (unreachable, locked or corrupt). `/v1/health` only says the process is up.',
      scopes: 'public',
      response: ReadyResponseSchema,
      errors: [503],
      handle: async ({ store }) => {
        const started = performance.now();
        const run = await store.currentRun();
        if (run) {
          const ring = (await store.listRings({ run: run.id, limit: 1 })).items[0];
          if (ring) {
            await store.getRing(ring.id, { run: run.id });
            const member = (await store.listMembers(ring.id, { run: run.id, limit: 1 })).items[0];
            if (member) await store.getAccount(member.account, { run: run.id });
          }
        }
        return { status: 'ready' as const, run: run?.id ?? null, checkMs: Math.round((performance.now() - started) * 100) / 100 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/openapi.json',
      tag: 'system',
      summary: 'This OpenAPI 3.1 document',
      scopes: 'public',
      response: z.record(z.string(), z.unknown()),
      errors: [],
      handle: async () => deps.openApiDocument() as Record<string, unknown>,
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      tag: 'system',
      summary: 'Prometheus metrics: requests and latency by route and status, store latency, and the current run (age, duration, flagged rings and accounts, alerts, rejected rows)',
      scopes: ['admin'],
      response: z.string(),
      contentType: deps.registry.contentType,
      errors: [],
      handle: () => deps.registry.metrics(),
    }),
  ];
}
