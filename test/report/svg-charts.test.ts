// The SVG drawers: tick choice, binning, escaping, and that each chart draws one mark per data item.
import { describe, expect, it } from 'vitest';
import { binValues, escapeXml, histogramSvg, intervalChartSvg, lineChartSvg, niceTicks } from '../../src/report/svg-charts.js';

const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;

describe('niceTicks', () => {
  it('0..1 in steps of 0.2; 0..37 in steps of 10; a flat range gives one tick', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 37)).toEqual([0, 10, 20, 30]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe('binValues', () => {
  it('equal-width bins; the top edge and values outside fall into the end bins', () => {
    const bins = binValues([0, 0.1, 0.49, 0.5, 1, 1.2, -0.3], 0, 1, 2);
    expect(bins.map((b) => b.count)).toEqual([4, 3]);
    expect(bins[1]).toMatchObject({ from: 0.5, to: 1 });
  });
});

describe('charts', () => {
  it('a histogram draws one bar per non-empty bin and the threshold marker', () => {
    const svg = histogramSvg({ label: 'scores', bins: binValues([0.1, 0.2, 0.9], 0, 1, 10), xLabel: 'score', yLabel: 'rings', marker: { x: 0.5, label: 'flagged ≥ 0.5' } });
    expect(count(svg, /<rect class="bar"/g)).toBe(3);
    expect(svg).toContain('class="marker"');
    expect(svg.startsWith('<svg')).toBe(true);
  });

  it('a line chart draws each series and circles each alert marker', () => {
    const svg = lineChartSvg({
      label: 'history',
      series: [
        { name: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: 3 }] },
        { name: 'b', points: [{ x: 0, y: 2 }, { x: 1, y: 2 }] },
      ],
      xLabel: 'run',
      yLabel: 'v',
      markers: [{ x: 1, y: 3, label: 'jump' }],
    });
    expect(count(svg, /<path class="line"/g)).toBe(2);
    expect(count(svg, /<circle class="alert"/g)).toBe(1);
    expect(svg).toContain('<title>jump</title>');
  });

  it('an interval plot draws one interval and one estimate per row, coloured by verdict', () => {
    const svg = intervalChartSvg({
      label: 'diffs',
      rows: [
        { label: 'precision', value: -0.2, low: -0.3, high: -0.1, tone: 'worse' },
        { label: 'recall', value: 0.01, low: -0.02, high: 0.04, tone: 'neutral' },
      ],
      xLabel: 'B − A',
    });
    expect(count(svg, /<line class="interval"/g)).toBe(2);
    expect(count(svg, /<circle class="estimate"/g)).toBe(2);
    expect(svg).toContain('#dc2626');
  });

  it('text is escaped: a ring named <script> stays text', () => {
    expect(escapeXml(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    const svg = lineChartSvg({ label: '<b>', series: [{ name: '<script>', points: [{ x: 0, y: 0 }] }], xLabel: 'x', yLabel: 'y' });
    expect(svg).not.toContain('<script>');
  });
});
