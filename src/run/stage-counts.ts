// What each pipeline stage worked through, for its progress line: the graph stages counted from their input, the
// stages after them from what each produced (detect-findings.ts reports it as the stage ends).
import type { Dataset } from '../schema/dataset.js';
import type { FileCounts, Findings } from '../schema/findings.js';
import type { DetectStage, DetectStageResult } from './detect-findings.js';

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

/** A detection stage's count: the graph stages from the dataset they read; the later stages from what they produced. */
export function countDetectStage(stage: DetectStage, dataset: Dataset, result: DetectStageResult): StageCount {
  const accounts = dataset.accounts.ids.length;
  const links = dataset.links.account.length;
  const r = (value: number | undefined) => value ?? 0;
  switch (stage) {
    case 'bipartite':
      return { rows: links, unit: 'links', detail: `to ${of(dataset.entities.values.length, 'identifier')}` };
    case 'identifier-edges':
      return { rows: links, unit: 'links', detail: `projected; ${of(accounts, 'creation time')} searched for bursts` };
    case 'synchrony-edges':
      return { rows: dataset.actions.account.length, unit: 'actions' };
    case 'merge':
      return { rows: accounts, unit: 'accounts' };
    case 'communities':
      return { rows: accounts, unit: 'accounts', detail: `→ ${of(r(result.communities), 'community', 'communities')} (${n(r(result.graphNodes))} accounts have edges)` };
    case 'scoring':
      return { rows: r(result.rings), unit: 'rings', detail: `→ ${n(r(result.ringsFlagged))} flagged` };
    case 'centrality':
      return { rows: r(result.members), unit: 'members', detail: `in ${of(r(result.rings), 'ring')}` };
    case 'assemble':
      return { rows: r(result.accountRisks), unit: 'account risks', detail: `→ ${n(r(result.accountsFlagged))} flagged, ${of(r(result.ringGraphs), 'ring graph')}` };
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
