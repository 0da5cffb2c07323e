// A small picture of one ring for the HTML report, as inline SVG (no script): accounts on an outer circle grouped
// by the identifier they share most, identifiers on an inner circle, a line for each identifier link (or, for a
// ring that shares nothing, its strongest synchrony edges as chords). Colours by role and identifier type.
import { escapeXml as esc } from '../lib/escape-xml.js';
import { roleColor, SHARED_EDGE_COLOR, SYNC_EDGE_COLOR, typeColor } from '../lib/ring-colors.js';
import type { RingGraph, Role } from '../schema/findings.js';

export interface RingPicture {
  graph: RingGraph;
  /** Role of each drawn account. */
  roles: Record<string, Role | null>;
}

const MAX_CHORDS = 300;
const round = (x: number) => Math.round(x * 10) / 10;

export function ringPictureSvg(picture: RingPicture, size = 240): string {
  const { graph, roles } = picture;
  const center = size / 2;
  const entities = graph.entities.filter((e) => !e.isHub);
  const isDrawn = new Set(entities.map((e) => e.id));
  const uses = graph.uses.filter((u) => isDrawn.has(u.entity));
  const sharers = new Map<string, number>();
  for (const use of uses) sharers.set(use.entity, (sharers.get(use.entity) ?? 0) + 1);
  entities.sort((a, b) => sharers.get(b.id)! - sharers.get(a.id)! || (a.id < b.id ? -1 : 1));
  const rank = new Map(entities.map((e, i) => [e.id, i]));

  // Each account sits next to the others sharing its most shared identifier.
  const primary = new Map<string, number>();
  for (const use of uses) primary.set(use.account, Math.min(primary.get(use.account) ?? Infinity, rank.get(use.entity)!));
  const accounts = [...graph.accounts].sort((a, b) => (primary.get(a) ?? Infinity) - (primary.get(b) ?? Infinity) || (a < b ? -1 : 1));

  const onCircle = (i: number, n: number, radius: number) => {
    if (n === 1 && radius < center * 0.5) return { x: center, y: center };
    const angle = (2 * Math.PI * i) / n - Math.PI / 2;
    return { x: round(center + radius * Math.cos(angle)), y: round(center + radius * Math.sin(angle)) };
  };
  const accountAt = new Map(accounts.map((a, i) => [a, onCircle(i, accounts.length, center * 0.88)]));
  const entityAt = new Map(entities.map((e, i) => [e.id, onCircle(i, entities.length, center * 0.38)]));
  const typeOf = new Map(entities.map((e) => [e.id, e.type]));

  const lines: string[] = [];
  for (const use of uses) {
    const a = accountAt.get(use.account);
    const e = entityAt.get(use.entity);
    if (a && e) lines.push(`<line x1="${a.x}" y1="${a.y}" x2="${e.x}" y2="${e.y}" stroke="${typeColor(typeOf.get(use.entity)!)}" stroke-opacity="0.35"/>`);
  }
  if (uses.length === 0) {
    for (const edge of [...graph.edges].sort((x, y) => y.weight - x.weight).slice(0, MAX_CHORDS)) {
      const s = accountAt.get(edge.source);
      const t = accountAt.get(edge.target);
      if (s && t) lines.push(`<line x1="${s.x}" y1="${s.y}" x2="${t.x}" y2="${t.y}" stroke="${edge.syncTargets > 0 ? SYNC_EDGE_COLOR : SHARED_EDGE_COLOR}" stroke-opacity="0.3"/>`);
    }
  }
  const dotRadius = accounts.length > 150 ? 1.6 : accounts.length > 60 ? 2.4 : 3.5;
  const dots = [
    ...accounts.map((a) => {
      const p = accountAt.get(a)!;
      return `<circle class="account" cx="${p.x}" cy="${p.y}" r="${dotRadius}" fill="${roleColor(roles[a])}"><title>${esc(a)} (${roles[a] ?? 'member'})</title></circle>`;
    }),
    ...entities.map((e) => {
      const p = entityAt.get(e.id)!;
      return `<circle class="identifier" cx="${p.x}" cy="${p.y}" r="${round(2.5 + Math.min(5, Math.sqrt(sharers.get(e.id)!)))}" fill="${typeColor(e.type)}"><title>${esc(`${e.type} ${e.value}: shared by ${sharers.get(e.id)} members`)}</title></circle>`;
    }),
  ];
  const types = [...new Set(entities.map((e) => e.type))].sort();
  const caption = `${graph.totals?.accounts ?? graph.accounts.length} accounts, ${entities.length} shared identifiers${types.length ? ` (${types.join(', ')})` : ''}${graph.truncated ? '; strongest links only' : ''}`;
  return (
    `<svg class="ring-picture" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(`ring ${graph.ring}: ${caption}`)}" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
    `<g>${lines.join('')}</g><g>${dots.join('')}</g></svg>`
  );
}
