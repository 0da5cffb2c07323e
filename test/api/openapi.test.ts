// The OpenAPI document is generated from the route table: every route is in it, every $ref resolves, every
// path parameter is declared, and the bounds it states are the ones the validators enforce.
import { ID_PATTERN } from '../../src/schema/id-rule.js';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/api/api-routes.js';
import { buildOpenApiDocument } from '../../src/api/openapi.js';
import { toOpenApiPath } from '../../src/api/route-spec.js';
import { PAGE_DEFAULTS } from '../../src/schema/api.js';

type Json = Record<string, unknown>;
type Operation = { parameters: { name: string; in: string; required: boolean; schema: Json }[]; responses: Record<string, Json>; security: unknown[]; requestBody?: Json };

const routes = apiRoutes({ registry: new Registry(), openApiDocument: () => ({}) });
const doc = buildOpenApiDocument(routes, { version: '9.9.9' }) as Json & { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };

function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => collectRefs(item, out));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') out.push(child);
      else collectRefs(child, out);
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with bearer auth and the version given', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect((doc.info as Json).version).toBe('9.9.9');
    expect(doc.components).toMatchObject({ securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } });
  });

  it('has exactly one operation per route of the table, and every DESIGN.md route', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(routes.map((r) => `${r.method.toUpperCase()} ${toOpenApiPath(r.path)}`).sort());
    for (const expected of [
      'GET /v1/health',
      'GET /v1/runs',
      'GET /v1/runs/{id}',
      'GET /v1/rings',
      'GET /v1/rings/{id}',
      'GET /v1/rings/{id}/graph',
      'GET /v1/rings/{id}/members',
      'GET /v1/accounts/{id}',
      'GET /v1/accounts/{id}/neighbors',
      'POST /v1/accounts/risk',
      'GET /v1/openapi.json',
      'GET /metrics',
    ]) {
      expect(operations).toContain(expected);
    }
  });

  it('every $ref points at a component, and every component is a schema object', () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      const id = ref.replace('#/components/schemas/', '');
      expect(doc.components.schemas[id], ref).toBeDefined();
    }
    for (const schema of Object.values(doc.components.schemas)) {
      expect(schema.$schema).toBeUndefined();
      expect(schema.type ?? schema.anyOf ?? schema.$ref).toBeDefined();
    }
    expect(doc.components.schemas.StoredRing).toMatchObject({ type: 'object', properties: { status: { enum: expect.arrayContaining(['new', 'dissolved']) } } });
  });

  it('declares every path parameter and the page bounds the validators enforce', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const operation of Object.values(ops)) {
        expect(operation.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(names);
      }
    }
    const list = doc.paths['/v1/rings']!.get!;
    const limit = list.parameters.find((p) => p.name === 'limit')!;
    expect(limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: PAGE_DEFAULTS.maxLimit, default: PAGE_DEFAULTS.limit } });
    expect(list.parameters.find((p) => p.name === 'minScore')).toMatchObject({ schema: { type: 'number', minimum: 0, maximum: 1 } });
    const id = doc.paths['/v1/accounts/{id}']!.get!.parameters[0]!;
    expect(id).toMatchObject({ required: true, schema: { type: 'string', maxLength: 512 } });
    expect(String(id.schema.pattern)).toBe(ID_PATTERN.source);
  });

  it('documents problem responses: 401/403/429/503 on data routes, none of them on public ones', () => {
    const members = doc.paths['/v1/rings/{id}/members']!.get!;
    expect(Object.keys(members.responses).sort()).toEqual(['200', '400', '401', '403', '404', '429', '503']);
    expect(members.responses['400']).toMatchObject({ content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
    expect(members.security).toEqual([{ bearerAuth: [] }]);
    const health = doc.paths['/v1/health']!.get!;
    expect(Object.keys(health.responses)).toEqual(['200']);
    expect(health.security).toEqual([]);
    const risk = doc.paths['/v1/accounts/risk']!.post!;
    expect(risk.requestBody).toMatchObject({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RiskBatchRequest' } } } });
    expect(doc.components.schemas.RiskBatchRequest).toMatchObject({ properties: { ids: { maxItems: PAGE_DEFAULTS.maxBatchIds } } });
  });
});
