// Synthetic datasets with planted rings and benign look-alikes: plan the population, then stream every account's
// records into a sink, block by block (records are never all held in memory).
import { AccountEmitter } from './account-emitter.js';
import type { DatasetSink } from './dataset-sink.js';
import { BENIGN_KINDS, RING_KINDS, resolveGenerateOptions, type GenerateOptions, type ResolvedGenerateOptions } from './generate-options.js';
import { planPopulation } from './population-plan.js';

export interface GenerationSummary {
  options: ResolvedGenerateOptions;
  /** Rows written per file. */
  records: { accounts: number; links: number; actions: number; labels: number; truth: number; lookalikes: number };
  fraudAccounts: number;
  /** Accounts per ground-truth kind (ring kinds and benign look-alike kinds). */
  accountsByKind: Record<string, number>;
  ringsByKind: Record<string, number>;
}

export interface DatasetGenerator {
  readonly totalAccounts: number;
  readonly doneAccounts: number;
  /** Emit the next block of accounts into the sink; false once every account is done. */
  emitNext(sink: DatasetSink, maxAccounts?: number): boolean;
  summary(): GenerationSummary;
}

const DEFAULT_BLOCK = 2000;

/** A resumable generator, for writers that must wait for backpressure between blocks. */
export function createDatasetGenerator(options: GenerateOptions = {}): DatasetGenerator {
  const resolved = resolveGenerateOptions(options);
  const plan = planPopulation(resolved);
  // each block may go to a different sink object; the emitter writes through this relay
  let target: DatasetSink | undefined;
  const relay: DatasetSink = {
    account: (record) => target?.account(record),
    link: (record) => target?.link(record),
    action: (record) => target?.action(record),
    label: (record) => target?.label(record),
    truth: (record) => target?.truth(record),
    lookalike: (record) => target?.lookalike(record),
  };
  const emitter = new AccountEmitter(plan, relay);
  let next = 0;

  return {
    totalAccounts: plan.n,
    get doneAccounts() {
      return next;
    },
    emitNext(sink, maxAccounts = DEFAULT_BLOCK) {
      target = sink;
      const end = Math.min(plan.n, next + Math.max(1, maxAccounts));
      for (; next < end; next++) emitter.emit(next);
      target = undefined;
      return next < plan.n;
    },
    summary() {
      const accountsByKind: Record<string, number> = {};
      for (const kind of [...RING_KINDS, ...BENIGN_KINDS]) accountsByKind[kind] = emitter.counts.byKind.get(kind) ?? 0;
      const ringsByKind: Record<string, number> = Object.fromEntries(RING_KINDS.map((kind) => [kind, 0]));
      for (const ring of plan.rings) ringsByKind[ring.kind] = (ringsByKind[ring.kind] ?? 0) + 1;
      return {
        options: resolved,
        records: {
          accounts: emitter.counts.accounts,
          links: emitter.links.count,
          actions: emitter.actions.count,
          labels: emitter.counts.labels,
          truth: emitter.counts.truth,
          lookalikes: emitter.counts.lookalikes,
        },
        fraudAccounts: RING_KINDS.reduce((sum, kind) => sum + (accountsByKind[kind] ?? 0), 0),
        accountsByKind,
        ringsByKind,
      };
    },
  };
}

/** Generate a whole dataset into `sink` synchronously and return what was produced. */
export function generateDataset(options: GenerateOptions, sink: DatasetSink): GenerationSummary {
  const generator = createDatasetGenerator(options);
  while (generator.emitNext(sink, 10_000));
  return generator.summary();
}
