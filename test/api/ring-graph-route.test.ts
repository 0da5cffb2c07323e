// GET /v1/rings/:id/graph over real HTTP on a real run of graphs/sample: bounded by `limit` (strongest evidence
// first, `truncated`, whole-graph `totals`), GEXF and GraphML for Gephi and Cytoscape, and an OpenAPI document that
// states every list's maximum.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RING_GRAPH_LIMITS } from '../../src/lib/ring-graph-limit.js';
import { RingGraphResponseSchema } from '../../src/schema/api.js';
import type { RingGraph } from '../../src/schema/findings.js';
import { bearer, createSampleStore, KEYS, startApi, type ApiUnderTest, type SampleStore } from './api-fixture.js';

let sample: SampleStore;
let api: ApiUnderTest;
let ringId: string;
let stored: RingGraph;

beforeAll(async () => {
  sample = await createSampleStore();
  api = await startApi({ store: sample.store });
  ringId = sample.findings.rings.find((r) => r.flagged)!.id;
  stored = (await sample.store.getRingGraph(ringId))!;
}, 120_000);

afterAll(async () => {
  await api?.close();
  await sample?.store.close();
  if (sample) rmSync(sample.dir, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${api.url}${path}`, { headers: bearer(KEYS.investigate.key) });

describe('GET /v1/rings/:id/graph is bounded', () => {
  it('limit=40 answers at most 40 edges, the heaviest evidence edges first, truncated, with the whole graph counted', async () => {
    const response = await get(`/v1/rings/${ringId}/graph?limit=40`);
    expect(response.status).toBe(200);
    const graph = RingGraphResponseSchema.parse(await response.json());
    expect(graph.edges.length + graph.uses.length).toBeLessThanOrEqual(40);
    expect(graph.truncated).toBe(true);
    expect(graph.limit).toBe(40);
    expect(graph.totals).toEqual({ accounts: stored.accounts.length, entities: stored.entities.length, uses: stored.uses.length, edges: stored.edges.length });
    const heaviest = stored.edges.map((e) => e.weight).sort((a, b) => b - a).slice(0, graph.edges.length);
    expect(graph.edges.map((e) => e.weight)).toEqual(heaviest);
    const drawn = new Set(graph.accounts);
    for (const edge of graph.edges) expect(drawn.has(edge.source) && drawn.has(edge.target)).toBe(true);
    expect(graph.members.every((m) => m.role !== null && m.risk > 0)).toBe(true);
  });

  it(`without limit answers at most ${RING_GRAPH_LIMITS.defaultLimit} edges`, async () => {
    const graph = RingGraphResponseSchema.parse(await (await get(`/v1/rings/${ringId}/graph`)).json());
    expect(graph.edges.length + graph.uses.length).toBeLessThanOrEqual(RING_GRAPH_LIMITS.defaultLimit);
    expect(graph.truncated).toBe(stored.edges.length + stored.uses.length > RING_GRAPH_LIMITS.defaultLimit);
  });

  it('a limit of 0, above the maximum, or not a number is a 400 naming `limit`; an unknown format names `format`', async () => {
    for (const bad of ['0', String(RING_GRAPH_LIMITS.maxLimit + 1), 'many']) {
      const response = await get(`/v1/rings/${ringId}/graph?limit=${bad}`);
      expect(response.status, bad).toBe(400);
      expect(((await response.json()) as { field: string }).field).toBe('limit');
    }
    const format = await get(`/v1/rings/${ringId}/graph?format=dot`);
    expect(format.status).toBe(400);
    expect(((await format.json()) as { field: string }).field).toBe('format');
  });
});

describe('GET /v1/rings/:id/graph?format=gexf|graphml', () => {
  it('GEXF 1.3: one node per drawn account and identifier, one edge per evidence edge and identifier link', async () => {
    const response = await get(`/v1/rings/${ringId}/graph?format=gexf&limit=300`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/gexf\+xml/);
    const text = await response.text();
    const graph = RingGraphResponseSchema.parse(await (await get(`/v1/rings/${ringId}/graph?limit=300`)).json());
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<gexf xmlns="http:\/\/gexf.net\/1.3" version="1.3">/);
    expect(text.match(/<node /g)?.length).toBe(graph.accounts.length + graph.entities.length);
    expect(text.match(/<edge /g)?.length).toBe(graph.edges.length + graph.uses.length);
    expect(text).toContain(`<node id="a:${graph.accounts[0]}" label="${graph.accounts[0]}">`);
    expect(text).toMatch(/<attvalue for="role" value="(coordinator|member|peripheral)"\/>/);
  });

  it('GraphML: keys declared once, the same nodes and edges', async () => {
    const response = await get(`/v1/rings/${ringId}/graph?format=graphml&limit=300`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphml\+xml/);
    const text = await response.text();
    const graph = RingGraphResponseSchema.parse(await (await get(`/v1/rings/${ringId}/graph?limit=300`)).json());
    expect(text.match(/<key /g)?.length).toBe(11);
    expect(text.match(/<node /g)?.length).toBe(graph.accounts.length + graph.entities.length);
    expect(text.match(/<edge /g)?.length).toBe(graph.edges.length + graph.uses.length);
  });
});

describe('the OpenAPI document states the bounds', () => {
  it('the graph route documents limit 1..max, its default, truncated, and the GEXF and GraphML answers', async () => {
    const doc = (await (await fetch(`${api.url}/v1/openapi.json`)).json()) as any;
    const op = doc.paths['/v1/rings/{id}/graph'].get;
    const limit = op.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ minimum: 1, maximum: RING_GRAPH_LIMITS.maxLimit, default: RING_GRAPH_LIMITS.defaultLimit });
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/json', 'application/gexf+xml', 'application/graphml+xml']);
    expect(doc.components.schemas.RingGraphResponse.required).toContain('truncated');
  });

  it('every array in every response envelope has maxItems', async () => {
    const doc = (await (await fetch(`${api.url}/v1/openapi.json`)).json()) as any;
    const envelopes = ['RunPage', 'RingPage', 'MemberPage', 'RingDetail', 'RingGraphResponse', 'NeighborsResponse', 'RiskBatchResponse'];
    const unbounded: string[] = [];
    const visit = (schema: any, path: string) => {
      if (!schema || typeof schema !== 'object') return;
      if (schema.type === 'array' && typeof schema.maxItems !== 'number') unbounded.push(path);
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        // arrays inside items (reasons, shared identifiers of one edge) are bounded by the data, not the request
        if ((property as any).type === 'array' || (property as any).type === 'object') visit(property, `${path}.${name}`);
      }
    };
    for (const name of envelopes) visit(doc.components.schemas[name], name);
    expect(unbounded).toEqual([]);
  });
});
