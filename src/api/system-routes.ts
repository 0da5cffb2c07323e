// Liveness, the OpenAPI document and Prometheus metrics.
import { z } from 'zod';
import type { Registry } from 'prom-client';
import { HealthResponseSchema } from '../schema/api.js';
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
      summary: 'Prometheus metrics (request count and latency by route and status, store latency)',
      scopes: ['admin'],
      response: z.string(),
      contentType: deps.registry.contentType,
      errors: [],
      handle: () => deps.registry.metrics(),
    }),
  ];
}
