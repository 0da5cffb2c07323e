// Generates the OpenAPI 3.1 document from the route specs and their zod schemas (z.toJSONSchema, JSON Schema
// 2020-12, which OpenAPI 3.1 uses as is). Named payloads become components; nothing is written by hand.
import { z } from 'zod';
import {
  AccountResponseSchema,
  MemberPageSchema,
  NeighborEdgeSchema,
  NeighborsResponseSchema,
  ProblemSchema,
  RingDetailSchema,
  RingGraphResponseSchema,
  RingPageSchema,
  RiskBatchBodySchema,
  RiskBatchResponseSchema,
  RunPageSchema,
} from '../schema/api.js';
import { AccountRiskSchema, ReasonSchema, RingFeaturesSchema, RingGraphSchema, RingMemberSchema } from '../schema/findings.js';
import { AlertSchema, IndicatorsSchema, RingHistoryEntrySchema, RunRecordSchema, StoredRingSchema } from '../schema/run.js';
import { RunSummarySchema } from '../schema/findings.js';
import { toOpenApiPath, type AnyRouteSpec } from './route-spec.js';

const COMPONENTS: Record<string, z.ZodType> = {
  Reason: ReasonSchema,
  RingFeatures: RingFeaturesSchema,
  StoredRing: StoredRingSchema,
  RingMember: RingMemberSchema,
  AccountRisk: AccountRiskSchema,
  RingGraph: RingGraphSchema,
  RingHistoryEntry: RingHistoryEntrySchema,
  RunSummary: RunSummarySchema,
  Indicators: IndicatorsSchema,
  Alert: AlertSchema,
  RunRecord: RunRecordSchema,
  RunPage: RunPageSchema,
  RingPage: RingPageSchema,
  RingDetail: RingDetailSchema,
  RingGraphResponse: RingGraphResponseSchema,
  MemberPage: MemberPageSchema,
  AccountResponse: AccountResponseSchema,
  NeighborEdge: NeighborEdgeSchema,
  NeighborsResponse: NeighborsResponseSchema,
  RiskBatchRequest: RiskBatchBodySchema,
  RiskBatchResponse: RiskBatchResponseSchema,
  Problem: ProblemSchema,
};

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request; `field` names the failing input',
  401: 'Missing or invalid API key',
  403: 'The key lacks a scope this route needs',
  404: 'Not found (or no completed run yet)',
  413: 'Body too large',
  415: 'Body is not application/json',
  429: 'Rate limit exceeded; see Retry-After',
  503: 'Findings store unavailable; see Retry-After',
};

type JsonSchema = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas(registry: z.core.$ZodRegistry<{ id: string }>): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonSchema;
    out[id] = rest;
  }
  return out;
}

/** A request schema (params or query object) as OpenAPI parameters; input view, so defaults and coercions show. */
function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

export function buildOpenApiDocument(routes: readonly AnyRouteSpec[], info: { title?: string; version: string }): JsonSchema {
  const registry = z.registry<{ id: string }>();
  const idOf = new Map<z.ZodType, string>();
  for (const [id, schema] of Object.entries(COMPONENTS)) {
    registry.add(schema, { id });
    idOf.set(schema, id);
  }
  const schemaOf = (schema: z.ZodType): JsonSchema => {
    const id = idOf.get(schema);
    if (id !== undefined) return ref(id);
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { unrepresentable: 'any' }) as JsonSchema;
    return rest;
  };

  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const contentType = (route.contentType ?? 'application/json').split(';')[0]!;
    const isPublic = route.scopes === 'public';
    const statuses = [...new Set([...route.errors, ...(isPublic ? [] : [401, 403, 429, 503])])].sort((a, b) => a - b);
    const responses: Record<string, JsonSchema> = {
      200: {
        description: 'OK',
        content: {
          [contentType]: { schema: schemaOf(route.response) },
          ...Object.fromEntries((route.alternateContent ?? []).map((type) => [type, { schema: { type: 'string' } }])),
        },
      },
    };
    for (const status of statuses) {
      responses[status] = { description: ERROR_TEXT[status] ?? 'Error', content: { 'application/problem+json': { schema: ref('Problem') } } };
    }
    const operation: JsonSchema = {
      operationId: `${route.method}${toOpenApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description === undefined ? {} : { description: route.description }),
      ...(isPublic ? { security: [] } : { security: [{ bearerAuth: [] }], 'x-scopes': route.scopes }),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...(route.body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(route.body) } } } }),
      responses,
    };
    if (!isPublic) {
      operation.description = `${route.description ? `${route.description} ` : ''}Scopes: ${(route.scopes as readonly string[]).join(' or ')}.`;
    }
    const path = toOpenApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'ringscan API',
      version: info.version,
      description: 'Rings, accounts and runs found by ringscan. Data routes need `Authorization: Bearer <key>`; errors are application/problem+json.',
    },
    servers: [{ url: '/' }],
    tags: [{ name: 'rings' }, { name: 'accounts' }, { name: 'runs' }, { name: 'system' }],
    paths,
    components: {
      schemas: componentSchemas(registry),
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key from `ringscan keys create`.' } },
    },
  };
}
