// Human-readable listing of the riskiest rings with their reasons.
import type { Findings } from '../schema/findings.js';

export function formatTopRings(findings: Findings, top: number): string {
  const s = findings.summary;
  const lines = [
    `${s.accounts} accounts, ${s.entities} identifiers (${s.hubEntities} hubs), ${s.links} links, ${s.actions} actions`,
    `graph: ${s.graph.nodes} linked accounts, ${s.graph.edges} edges (${s.graph.identifierEdges} shared-identifier, ${s.graph.synchronyEdges} synchrony)`,
    `${s.rings} candidate rings, ${s.ringsFlagged} flagged, ${s.accountsFlagged} accounts flagged`,
    '',
  ];
  const flagged = findings.rings.filter((r) => r.flagged).slice(0, top);
  if (flagged.length === 0) lines.push('No ring reached the flag threshold.');
  for (const ring of flagged) {
    lines.push(`${ring.id}  score ${ring.score.toFixed(2)}  ${ring.size} accounts`);
    for (const reason of ring.reasons) lines.push(`    - ${reason.text}`);
  }
  const more = s.ringsFlagged - flagged.length;
  if (more > 0) lines.push(`… and ${more} more flagged rings`);
  return lines.join('\n');
}
