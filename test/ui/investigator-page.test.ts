/// <reference lib="dom" />
// The investigator page as a person uses it, in Debian's Chromium (playwright-core, never a downloaded browser):
// served by the API over a real run of graphs/sample in a real SQLite store, the page asks for the key, lists the
// rings, filters them, draws the top ring with sigma.js, shows evidence on hover and an account's reasons on click.
// No console error and no request leaves the server. Skips, saying why, when /usr/bin/chromium is absent.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { UI_DIR } from '../../src/ui/ui-routes.js';
import { createSampleStore, KEYS, startApi, type ApiUnderTest, type SampleStore } from '../api/api-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let sample: SampleStore;
let api: ApiUnderTest;
let browser: Browser;
let shots: string;

interface Watched {
  page: Page;
  errors: string[];
  foreign: string[];
}

async function openPage(): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  const errors: string[] = [];
  const foreign: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('request', (request) => {
    if (!request.url().startsWith(api.url)) foreign.push(request.url());
  });
  return { page, errors, foreign };
}

async function signIn(page: Page, key: string): Promise<void> {
  await page.goto(`${api.url}/ui/`);
  await page.fill('#api-key', key);
  await page.click('#key-form button');
}

beforeAll(async () => {
  if (!existsSync(join(UI_DIR, 'app.js'))) throw new Error(`${UI_DIR}/app.js is missing: run "npm run build" (npm test does it first)`);
  sample = await createSampleStore();
  api = await startApi({ store: sample.store });
  shots = mkdtempSync(join(tmpdir(), 'ringscan-ui-'));
  if (hasChromium) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await sample?.store.close();
  if (sample) rmSync(sample.dir, { recursive: true, force: true });
});

describe.skipIf(!hasChromium)(`the investigator page in Chromium${hasChromium ? '' : ' (skipped: /usr/bin/chromium not installed; apt-get install chromium)'}`, () => {
  it('lists the rings, draws the top ring sharing identifiers, shows evidence on hover and an account\'s reasons on click; screenshot saved', async () => {
    const { page, errors, foreign } = await openPage();
    try {
      await signIn(page, KEYS.investigate.key);
      await page.waitForSelector('#ring-rows tr');
      const listed = await page.$$eval('#ring-rows tr', (rows) => rows.map((row) => (row as HTMLElement).dataset.ring));
      expect(listed).toEqual(sample.findings.rings.slice(0, 100).map((r) => r.id));

      // The riskiest ring that shares identifiers (a pod shares none, and the legend check below needs them).
      const top = sample.findings.rings.find((r) => Object.keys(r.features.sharedEntitiesByType).length > 0)!;
      await page.click(`#ring-rows tr[data-ring="${top.id}"]`);
      await page.waitForSelector('#graph:not([data-state="loading"])', { timeout: 30_000 });
      expect(await page.getAttribute('#graph', 'data-state'), String(await page.textContent('#graph-note'))).toBe('ready');
      const graph = await page.$eval('#graph', (el) => ({ nodes: Number((el as HTMLElement).dataset.nodes), edges: Number((el as HTMLElement).dataset.edges), canvases: el.querySelectorAll('canvas').length }));
      const stored = (await sample.store.getRingGraph(top.id))!;
      expect(graph.nodes).toBeGreaterThan(top.size); // every member plus identifiers (the default limit draws them all here)
      expect(graph.nodes).toBeLessThanOrEqual(stored.accounts.length + stored.entities.length);
      expect(graph.edges).toBeGreaterThan(0);
      expect(graph.canvases).toBeGreaterThan(0);
      expect(await page.textContent('#ring-title')).toBe(`Ring ${top.id}`);
      expect(await page.$$eval('#ring-reasons li', (items) => items.length)).toBeGreaterThan(0);
      expect(await page.$$eval('#legend .legend-item', (items) => items.map((i) => i.textContent))).toEqual(expect.arrayContaining([...Object.keys(top.features.sharedEntitiesByType), 'shared identifiers']));

      // the coordinator: hover shows its evidence, a click its risk and reasons as the API has them
      const members = await sample.store.listMembers(top.id, { limit: 500 });
      const target = members.items.find((m) => m.role === 'coordinator') ?? members.items[0]!;
      const box = (await page.$('#graph'))!;
      const origin = (await box.boundingBox())!;
      const at = (await page.evaluate((account) => (window as unknown as { ringscan: { positionOf(a: string): { x: number; y: number } | null } }).ringscan.positionOf(account), target.account))!;
      expect(at).not.toBeNull();
      await page.mouse.move(origin.x + at.x, origin.y + at.y);
      await page.waitForSelector('#tooltip:not([hidden])');
      expect(await page.textContent('#tooltip')).toContain(`account ${target.account}`);
      await page.mouse.click(origin.x + at.x, origin.y + at.y);
      await page.waitForSelector(`#account-panel[data-account="${target.account}"]`);
      const expected = (await sample.store.getAccount(target.account))!;
      expect(await page.textContent('#account-title')).toBe(`Account ${target.account}`);
      expect(await page.textContent('#account-facts')).toContain(`risk ${expected.risk.toFixed(3)}`);
      expect(await page.$$eval('#account-reasons li', (items) => items.map((i) => i.textContent))).toEqual(expected.reasons);

      const screenshot = join(shots, 'ring.png');
      await page.screenshot({ path: screenshot });
      console.log(`investigator page screenshot: ${screenshot}`);
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('filters by minimum score and by status through the API', async () => {
    const { page, errors } = await openPage();
    try {
      await signIn(page, KEYS.investigate.key);
      await page.waitForSelector('#ring-rows tr');
      await page.fill('#min-score', '0.9');
      await page.click('#filters button');
      await page.waitForFunction((n) => document.querySelectorAll('#ring-rows tr').length === n, sample.findings.rings.filter((r) => r.score >= 0.9).length);
      await page.fill('#min-score', '0');
      await page.selectOption('#status-filter', 'merged');
      await page.click('#filters button');
      await page.waitForSelector('#status:has-text("No ring matches")');
      expect(await page.$$eval('#ring-rows tr', (rows) => rows.length)).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('a wrong key is told in words, and the page shows no data', async () => {
    const { page } = await openPage();
    try {
      await signIn(page, 'rsk_not-a-key');
      await page.waitForSelector('#status.error');
      expect(await page.textContent('#status')).toMatch(/refused this key/);
      expect(await page.$$eval('#ring-rows tr', (rows) => rows.length)).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('the GEXF and GraphML answers parse as XML in the browser, node for node', async () => {
    const { page } = await openPage();
    try {
      await page.goto(`${api.url}/ui/`);
      const ring = sample.findings.rings[0]!.id;
      const counts = await page.evaluate(
        async ({ ring, key }) => {
          const get = async (format: string) => {
            const text = await (await fetch(`/v1/rings/${ring}/graph?format=${format}&limit=500`, { headers: { authorization: `Bearer ${key}` } })).text();
            const doc = new DOMParser().parseFromString(text, 'application/xml');
            return { error: doc.getElementsByTagName('parsererror').length, nodes: doc.getElementsByTagName('node').length, edges: doc.getElementsByTagName('edge').length };
          };
          const json = (await (await fetch(`/v1/rings/${ring}/graph?limit=500`, { headers: { authorization: `Bearer ${key}` } })).json()) as { accounts: unknown[]; entities: unknown[]; edges: unknown[]; uses: unknown[] };
          return { gexf: await get('gexf'), graphml: await get('graphml'), nodes: json.accounts.length + json.entities.length, edges: json.edges.length + json.uses.length };
        },
        { ring, key: KEYS.investigate.key },
      );
      for (const format of [counts.gexf, counts.graphml]) expect(format).toEqual({ error: 0, nodes: counts.nodes, edges: counts.edges });
    } finally {
      await page.close();
    }
  });

  it('the API docs page (Swagger UI from npm) renders every route from /v1/openapi.json with nothing from elsewhere', async () => {
    const { page, errors, foreign } = await openPage();
    try {
      await page.goto(`${api.url}/docs/`);
      await page.waitForSelector('.opblock-summary-path', { timeout: 30_000 });
      const paths = await page.$$eval('.opblock-summary-path', (items) => items.map((i) => i.getAttribute('data-path')));
      expect(paths).toEqual(expect.arrayContaining(['/v1/rings', '/v1/rings/{id}/graph', '/v1/accounts/{id}']));
      await page.screenshot({ path: join(shots, 'docs.png') });
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
