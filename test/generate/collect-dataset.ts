// Test helper: generate a small dataset into arrays (fine for a few thousand accounts, never for large ones).
import type { DatasetSink, GeneratedAccount, GeneratedAction, GeneratedLabel, GeneratedLink, GeneratedLookalike, GeneratedTruth } from '../../src/generate/dataset-sink.js';
import { generateDataset, type GenerationSummary } from '../../src/generate/generate-dataset.js';
import type { GenerateOptions } from '../../src/generate/generate-options.js';

export interface CollectedDataset {
  accounts: GeneratedAccount[];
  links: GeneratedLink[];
  actions: GeneratedAction[];
  labels: GeneratedLabel[];
  truth: GeneratedTruth[];
  lookalikes: GeneratedLookalike[];
  summary: GenerationSummary;
}

export function collectDataset(options: GenerateOptions): CollectedDataset {
  const data: Omit<CollectedDataset, 'summary'> = { accounts: [], links: [], actions: [], labels: [], truth: [], lookalikes: [] };
  const summary = generateDataset(options, {
    account: (r) => void data.accounts.push(r),
    link: (r) => void data.links.push(r),
    action: (r) => void data.actions.push(r),
    label: (r) => void data.labels.push(r),
    truth: (r) => void data.truth.push(r),
    lookalike: (r) => void data.lookalikes.push(r),
  });
  return { ...data, summary };
}

/** A sink that drops everything but what `keep` overrides. */
export function nullSink(keep: Partial<DatasetSink> = {}): DatasetSink {
  const none = () => {};
  return { account: none, link: none, action: none, label: none, truth: none, lookalike: none, ...keep };
}

/** Accounts per entity (type + value). */
export function entityDegrees(links: readonly GeneratedLink[]): Map<string, number> {
  const members = new Map<string, Set<string>>();
  for (const link of links) {
    const key = `${link.type}\u0000${link.value}`;
    let set = members.get(key);
    if (!set) members.set(key, (set = new Set()));
    set.add(link.account);
  }
  return new Map([...members].map(([key, set]) => [key, set.size]));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
