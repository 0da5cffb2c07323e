// Small SVG chart drawers (histogram, line chart, interval plot) that return markup strings: the report embeds them
// inline, so it needs no script and no network when opened. Pure: data in, text out.
import { escapeXml } from '../lib/escape-xml.js';

export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2'];

export { escapeXml };

/** Up to ~count round tick values covering [min, max] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}

const formatTick = (v: number): string => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US') : Number.isInteger(v) ? String(v) : String(Number(v.toFixed(3))));
const f = (v: number) => v.toFixed(1);

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const FRAME: Frame = { width: 560, height: 260, left: 56, right: 16, top: 16, bottom: 44 };

class Scale {
  constructor(
    readonly d0: number,
    readonly d1: number,
    readonly r0: number,
    readonly r1: number,
  ) {}
  at(v: number): number {
    return this.d1 === this.d0 ? (this.r0 + this.r1) / 2 : this.r0 + ((v - this.d0) / (this.d1 - this.d0)) * (this.r1 - this.r0);
  }
}

function open(label: string, frame: Frame): string {
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(label)}" width="${frame.width}" height="${frame.height}" viewBox="0 0 ${frame.width} ${frame.height}">`;
}

/** Axes with grid lines; `xTicks` as [value, label] pairs. */
function axes(frame: Frame, x: Scale, y: Scale, xTicks: [number, string][], yTicks: number[], xLabel: string, yLabel: string): string {
  const parts: string[] = [];
  const bottom = frame.height - frame.bottom;
  for (const t of yTicks) {
    const py = y.at(t);
    parts.push(`<line class="grid" x1="${frame.left}" x2="${frame.width - frame.right}" y1="${f(py)}" y2="${f(py)}"/>`);
    parts.push(`<text class="tick" x="${frame.left - 6}" y="${f(py + 4)}" text-anchor="end">${escapeXml(formatTick(t))}</text>`);
  }
  for (const [value, label] of xTicks) {
    const px = x.at(value);
    parts.push(`<line class="axis" x1="${f(px)}" x2="${f(px)}" y1="${bottom}" y2="${bottom + 4}"/>`);
    parts.push(`<text class="tick" x="${f(px)}" y="${bottom + 16}" text-anchor="middle">${escapeXml(label)}</text>`);
  }
  parts.push(`<line class="axis" x1="${frame.left}" x2="${frame.width - frame.right}" y1="${bottom}" y2="${bottom}"/>`);
  parts.push(`<line class="axis" x1="${frame.left}" x2="${frame.left}" y1="${frame.top}" y2="${bottom}"/>`);
  parts.push(`<text class="label" x="${f((frame.left + frame.width - frame.right) / 2)}" y="${frame.height - 6}" text-anchor="middle">${escapeXml(xLabel)}</text>`);
  parts.push(`<text class="label" transform="translate(14 ${f((frame.top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`);
  return parts.join('');
}

export interface Bin {
  from: number;
  to: number;
  count: number;
}

/** Equal-width bins over [from, to]; values outside are clamped into the end bins. */
export function binValues(values: ArrayLike<number>, from: number, to: number, bins: number): Bin[] {
  const width = (to - from) / bins;
  const out: Bin[] = Array.from({ length: bins }, (_, b) => ({ from: from + b * width, to: from + (b + 1) * width, count: 0 }));
  for (let i = 0; i < values.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((values[i]! - from) / width)));
    out[b]!.count++;
  }
  return out;
}

export function histogramSvg(options: { label: string; bins: Bin[]; xLabel: string; yLabel: string; marker?: { x: number; label: string } }): string {
  const frame = FRAME;
  const { bins } = options;
  const x0 = bins[0]?.from ?? 0;
  const x1 = bins[bins.length - 1]?.to ?? 1;
  const yMax = Math.max(1, ...bins.map((b) => b.count));
  const yTicks = niceTicks(0, yMax);
  const x = new Scale(x0, x1, frame.left, frame.width - frame.right);
  const y = new Scale(0, yTicks[yTicks.length - 1]! > yMax ? yTicks[yTicks.length - 1]! : yMax, frame.height - frame.bottom, frame.top);
  const parts = [open(options.label, frame), axes(frame, x, y, niceTicks(x0, x1).map((t) => [t, formatTick(t)]), yTicks, options.xLabel, options.yLabel)];
  for (const bin of bins) {
    if (bin.count === 0) continue;
    const px = x.at(bin.from);
    const w = Math.max(1, x.at(bin.to) - px - 1);
    const py = y.at(bin.count);
    parts.push(
      `<rect class="bar" x="${f(px)}" y="${f(py)}" width="${f(w)}" height="${f(frame.height - frame.bottom - py)}" fill="${PALETTE[0]}"><title>${escapeXml(`${formatTick(bin.from)}–${formatTick(bin.to)}: ${bin.count}`)}</title></rect>`,
    );
  }
  if (options.marker) {
    const px = x.at(options.marker.x);
    parts.push(`<line class="marker" x1="${f(px)}" x2="${f(px)}" y1="${frame.top}" y2="${frame.height - frame.bottom}" stroke="${PALETTE[1]}" stroke-dasharray="4 3"/>`);
    parts.push(`<text class="tick" x="${f(px + 4)}" y="${frame.top + 10}" fill="${PALETTE[1]}">${escapeXml(options.marker.label)}</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

export interface LineSeries {
  name: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

export interface PointMarker {
  x: number;
  y: number;
  label: string;
}

/**
 * Lines with a legend; `xLabels` turns x into categories (run 0, 1, …) labelled sparsely. `markers` are drawn as red
 * rings with a tooltip (alerts).
 */
export function lineChartSvg(options: {
  label: string;
  series: LineSeries[];
  xLabel: string;
  yLabel: string;
  xDomain?: [number, number];
  yDomain?: [number, number];
  xLabels?: string[];
  markers?: PointMarker[];
  width?: number;
  height?: number;
}): string {
  const hasLegend = options.series.length > 1;
  // a legend gets its own strip above the plot so it never covers the lines
  const frame: Frame = { ...FRAME, width: options.width ?? FRAME.width, height: options.height ?? FRAME.height, top: hasLegend ? 30 : FRAME.top };
  const xs = options.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = options.series.flatMap((s) => s.points.map((p) => p.y));
  const [x0, x1] = options.xDomain ?? [Math.min(0, ...xs), Math.max(1, ...xs)];
  const yMin = options.yDomain?.[0] ?? Math.min(0, ...ys);
  const yMaxRaw = options.yDomain?.[1] ?? Math.max(...ys, yMin + 1e-9);
  const yTicks = niceTicks(yMin, yMaxRaw);
  const yMax = Math.max(yMaxRaw, yTicks[yTicks.length - 1]!);
  const x = new Scale(x0, x1, frame.left, frame.width - frame.right);
  const y = new Scale(yMin, yMax, frame.height - frame.bottom, frame.top);
  let xTicks: [number, string][];
  if (options.xLabels) {
    const step = Math.max(1, Math.ceil(options.xLabels.length / 6));
    xTicks = options.xLabels.map((label, i) => [i, label] as [number, string]).filter((_, i) => i % step === 0);
  } else xTicks = niceTicks(x0, x1).map((t) => [t, formatTick(t)]);
  const parts = [open(options.label, frame), axes(frame, x, y, xTicks, yTicks, options.xLabel, options.yLabel)];
  options.series.forEach((s, k) => {
    if (s.points.length === 0) return;
    const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(x.at(p.x))},${f(y.at(p.y))}`).join('');
    parts.push(`<path class="line" d="${d}" fill="none" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}><title>${escapeXml(s.name)}</title></path>`);
    if (s.points.length <= 60) {
      for (const p of s.points) parts.push(`<circle class="dot" cx="${f(x.at(p.x))}" cy="${f(y.at(p.y))}" r="2.5" fill="${PALETTE[k % PALETTE.length]}"/>`);
    }
  });
  for (const m of options.markers ?? []) {
    parts.push(`<circle class="alert" cx="${f(x.at(m.x))}" cy="${f(y.at(m.y))}" r="7" fill="none" stroke="${PALETTE[1]}" stroke-width="2.5"><title>${escapeXml(m.label)}</title></circle>`);
  }
  if (hasLegend) {
    options.series.forEach((s, k) => {
      const lx = frame.left + k * 165;
      parts.push(`<rect x="${lx}" y="8" width="12" height="3" fill="${PALETTE[k % PALETTE.length]}"/>`);
      parts.push(`<text class="tick legend" x="${lx + 16}" y="13">${escapeXml(s.name.length > 24 ? `${s.name.slice(0, 23)}…` : s.name)}</text>`);
    });
  }
  parts.push('</svg>');
  return parts.join('');
}

export interface IntervalRow {
  label: string;
  value: number;
  low: number;
  high: number;
  tone: 'better' | 'worse' | 'neutral';
}

/** A forest plot: one row per estimate with its interval, a zero line, colour by verdict. */
export function intervalChartSvg(options: { label: string; rows: IntervalRow[]; xLabel: string }): string {
  const rowHeight = 26;
  const left = 190;
  const frame: Frame = { width: 560, height: 36 + options.rows.length * rowHeight + 40, left, right: 20, top: 16, bottom: 40 };
  const lo = Math.min(0, ...options.rows.map((r) => r.low));
  const hi = Math.max(0, ...options.rows.map((r) => r.high));
  const pad = (hi - lo) * 0.05 || 0.05;
  const ticks = niceTicks(lo - pad, hi + pad);
  const x = new Scale(Math.min(lo - pad, ticks[0]!), Math.max(hi + pad, ticks[ticks.length - 1]!), left, frame.width - frame.right);
  const bottom = frame.height - frame.bottom;
  const parts = [open(options.label, frame)];
  for (const t of ticks) {
    parts.push(`<line class="grid" x1="${f(x.at(t))}" x2="${f(x.at(t))}" y1="${frame.top}" y2="${bottom}"/>`);
    parts.push(`<text class="tick" x="${f(x.at(t))}" y="${bottom + 16}" text-anchor="middle">${escapeXml(formatTick(t))}</text>`);
  }
  parts.push(`<line class="zero" x1="${f(x.at(0))}" x2="${f(x.at(0))}" y1="${frame.top}" y2="${bottom}" stroke="#111" stroke-width="1.5"/>`);
  options.rows.forEach((row, i) => {
    const cy = frame.top + 12 + i * rowHeight;
    const color = row.tone === 'better' ? PALETTE[2] : row.tone === 'worse' ? PALETTE[1] : '#6b7280';
    parts.push(`<text class="tick" x="${left - 8}" y="${f(cy + 4)}" text-anchor="end">${escapeXml(row.label)}</text>`);
    parts.push(`<line class="interval" x1="${f(x.at(row.low))}" x2="${f(x.at(row.high))}" y1="${f(cy)}" y2="${f(cy)}" stroke="${color}" stroke-width="3"/>`);
    parts.push(
      `<circle class="estimate" cx="${f(x.at(row.value))}" cy="${f(cy)}" r="5" fill="${color}"><title>${escapeXml(`${row.label}: ${formatTick(row.value)} [${formatTick(row.low)}, ${formatTick(row.high)}]`)}</title></circle>`,
    );
  });
  parts.push(`<text class="label" x="${f((left + frame.width - frame.right) / 2)}" y="${frame.height - 6}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
