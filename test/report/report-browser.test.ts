// The report end to end: runs recorded from generated data in a real SQLite store, a comparison and a filled review
// file, `ringscan report` writes the page, and headless Chromium (driven by playwright-core) opens it: no console
// error, no request besides the file itself, every chart drawn with a non-zero size. Skips, saying why, when
// /usr/bin/chromium is absent (Debian: apt-get install chromium).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../src/cli/compare-command.js';
import { createProgress, type Progress } from '../../src/cli/progress.js';
import { reportCommand } from '../../src/cli/report-command.js';
import { reviewSampleCommand } from '../../src/cli/review-sample-command.js';
import { generateInto, recordRuns } from '../evaluate/generated-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const quiet: Progress = createProgress(false);
const SCREENSHOT = join(tmpdir(), 'ringscan-report.png');

let dir: string;
let html: string;
let reportPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringscan-report-'));
  const data = await generateInto(join(dir, 'data'), 2500, 8);
  const store = `sqlite:${join(dir, 'runs.db')}`;
  // nine runs of the same data with drifting thresholds give a history with movement, the last one (every candidate flagged) a jump
  await recordRuns(data, join(dir, 'runs.db'), [0.5, 0.52, 0.48, 0.5, 0.51, 0.49, 0.5, 0.5, 0].map((flagThreshold) => ({ flagThreshold })));
  const strict = join(dir, 'strict.json');
  await writeFile(strict, JSON.stringify({ flagThreshold: 0.7 }));
  const comparisonPath = join(dir, 'comparison.json');
  await compareCommand({ data, configB: strict, nameA: 'default', nameB: 'threshold 0.7', resamples: 200, out: comparisonPath }, quiet);
  const reviewsPath = join(dir, 'reviews.json');
  const { file } = await reviewSampleCommand({ store, n: 40, out: reviewsPath });
  const labels = new Map(
    (await readFile(join(data, 'truth.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => [(JSON.parse(line) as { account: string }).account, 'fraud']),
  );
  await writeFile(reviewsPath, JSON.stringify({ ...file, items: file.items.map((item) => ({ ...item, verdict: labels.get(item.account) === 'fraud' ? 'fraud' : 'benign' })) }));
  reportPath = join(dir, 'report.html');
  ({ html } = await reportCommand({ store, compare: comparisonPath, data, reviews: reviewsPath, out: reportPath }, new Date(Date.UTC(2026, 1, 1))));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the report file', () => {
  it('is one HTML page with every section and nothing to fetch: no script, no external src or href', () => {
    for (const id of ['scores', 'labels', 'comparison', 'history', 'reviews', 'rings']) expect(html).toContain(`<section id="${id}">`);
    expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/i);
    expect(html).toContain('Generated 2026-02-01T00:00:00.000Z');
  });

  it('draws a small picture (inline SVG) of each flagged top ring beside its row', () => {
    const pictures = [...html.matchAll(/<svg class="ring-picture"[^>]*aria-label="ring (R[0-9a-f]+): (\d+) accounts/g)];
    expect(pictures.length).toBeGreaterThan(0);
    for (const [, ring] of pictures) expect(html).toContain(`<tr><td>${ring}<br><svg class="ring-picture"`);
  });

  it('marks the last run\'s jump in flagged accounts as an alert in the history', () => {
    expect(html).toMatch(/<circle class="alert"/);
  });
});

describe.skipIf(!hasChromium)(`in headless Chromium${hasChromium ? '' : ' (skipped: /usr/bin/chromium not installed; apt-get install chromium)'}`, () => {
  it('opens without console errors or network requests, every chart drawn with a non-zero size; screenshot saved', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('request', (request) => requests.push(request.url()));
      const url = pathToFileURL(reportPath).href;
      await page.goto(url);
      const charts = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return { label: svg.getAttribute('aria-label'), width: box.width, height: box.height, marks: svg.querySelectorAll('rect.bar, path.line, circle.estimate').length };
        }),
      );
      const pictures = await page.$$eval('svg.ring-picture', (svgs) => svgs.map((svg) => ({ width: svg.getBoundingClientRect().width, dots: svg.querySelectorAll('circle.account').length })));
      expect(pictures.length).toBeGreaterThan(0);
      for (const picture of pictures) expect(picture.width > 100 && picture.dots > 1).toBe(true);
      await page.locator('#rings').screenshot({ path: SCREENSHOT.replace('.png', '-rings.png') });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      // 2 histograms, PR curve, sweep, comparison, 7 indicator charts
      expect(charts.length).toBe(12);
      for (const chart of charts) {
        expect(chart.width, String(chart.label)).toBeGreaterThan(100);
        expect(chart.height, String(chart.label)).toBeGreaterThan(100);
        expect(chart.marks, String(chart.label)).toBeGreaterThan(0);
      }
      console.log(`report screenshot: ${SCREENSHOT}`);
    } finally {
      await browser.close();
    }
  });
});
