// What each pipeline stage worked through, for its progress line. The graph stages are counted from their input
// (known the moment they end); the stages after them are sized by detection's own results (communities, rings,
// members), which only the findings carry, so they are counted once detection returns.
import type { Dataset } from '../schema/dataset.js';
import type { FileCounts, Findings } from '../schema/findings.js';
import type { DetectStage } from './detect-findings.js';

export interface StageCount {
  rows: number;
  /** What the rows are: links, actions, accounts, rings… */
  unit: string;
  detail?: string;
}

const n = (value: number): string => value.toLocaleString('en-US');
/** "1 registration burst", "2 registration bursts". */
const of = (value: number, noun: string, nouns = `${noun}s`): string => `${n(value)} ${value === 1 ? noun : nouns}`;

/** Rows read by ingest, with the rejects and duplicates when there were any. */
export function countIngest(files: Record<string, FileCounts>): StageCount {
  let read = 0;
  let rejected = 0;
  let duplicates = 0;
  for (const counts of Object.values(files)) {
    read += counts.read;
    rejected += counts.rejected;
    duplicates += counts.duplicates ?? 0;
  }
  const notes = [rejected > 0 ? `${n(rejected)} rejected` : '', duplicates > 0 ? `${of(duplicates, 'duplicate row')} kept once` : ''].filter(Boolean);
  return { rows: read, unit: 'rows', ...(notes.length > 0 ? { detail: notes.join(', ') } : {}) };
}

/**
 * A detection stage's count: the graph stages from the dataset they read; the later stages from the findings,
 * so null until there are findings (the caller reports those stages once detection returns).
 */
export function countDetectStage(stage: DetectStage, dataset: Dataset, findings: Findings | null): StageCount | null {
  const accounts = dataset.accounts.ids.length;
  const links = dataset.links.account.length;
  switch (stage) {
    case 'bipartite':
      return { rows: links, unit: 'links', detail: `to ${of(dataset.entities.values.length, 'identifier')}` };
    case 'identifier-edges':
      return { rows: links, unit: 'links', detail: `projected; ${of(accounts, 'creation time')} searched for bursts` };
    case 'synchrony-edges':
      return { rows: dataset.actions.account.length, unit: 'actions' };
    case 'merge':
      return { rows: accounts, unit: 'accounts' };
  }
  if (findings === null) return null;
  const s = findings.summary;
  switch (stage) {
    case 'communities':
      return { rows: s.accounts, unit: 'accounts', detail: `→ ${of(s.communities, 'community', 'communities')} (${n(s.graph.nodes)} accounts have edges)` };
    case 'scoring':
      return { rows: findings.rings.length, unit: 'rings', detail: `→ ${n(s.ringsFlagged)} flagged` };
    case 'centrality':
      return { rows: findings.members.length, unit: 'members', detail: `in ${of(findings.rings.length, 'ring')}` };
    case 'assemble':
      return { rows: findings.accounts.length, unit: 'account risks', detail: `→ ${n(s.accountsFlagged)} flagged, ${of(findings.graphs.length, 'ring graph')}` };
    default:
      return { rows: s.accounts, unit: 'accounts' };
  }
}

/** The whole of detection: accounts in, and what the graph stages built. */
export function countDetection(findings: Findings): StageCount {
  const s = findings.summary;
  const g = s.graph;
  return {
    rows: s.accounts,
    unit: 'accounts',
    detail:
      `→ ${n(g.edges)} edges (${n(g.identifierEdges)} identifier, ${n(g.burstEdges ?? 0)} burst, ${n(g.synchronyEdges)} synchrony pairs; ${n(g.prunedEdges)} pruned), ` +
      `${of(s.evidence?.registrationBursts.length ?? 0, 'registration burst')}, ${of(s.rings, 'ring')}, ${n(s.ringsFlagged)} flagged`,
  };
}

/** What a run's save wrote. */
export function countStore(save: { accounts: readonly unknown[]; rings: readonly unknown[]; members: readonly unknown[] }): StageCount {
  return { rows: save.accounts.length, unit: 'accounts', detail: `written with ${of(save.rings.length, 'ring')} and ${of(save.members.length, 'membership')}` };
}
