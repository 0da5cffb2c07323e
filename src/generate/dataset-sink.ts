// The records the generator emits (plain objects matching src/schema/input.ts) and the sink that receives them.

export interface GeneratedAccount {
  id: string;
  /** ISO-8601, second precision. */
  createdAt: string;
  country?: string;
}

export interface GeneratedLink {
  account: string;
  type: string;
  value: string;
  /** Epoch ms when the identifier was first seen; absent on some rows, as in real exports. */
  ts?: number;
}

export interface GeneratedAction {
  account: string;
  action: string;
  target: string;
  /** Epoch ms. */
  ts: number;
}

/** What a team would already know (an input): a seeded share of ring members as fraud, a few others as benign. */
export interface GeneratedLabel {
  account: string;
  label: 'fraud' | 'benign';
}

/** Ground truth of a ring member (evaluation only, never an input). */
export interface GeneratedTruth {
  account: string;
  ring: string;
  kind: string;
}

/** Ground truth of every other account: the most specific benign look-alike it belongs to (evaluation only). */
export interface GeneratedLookalike {
  account: string;
  kind: string;
}

/** Receives records as they are generated; nothing is held back, so any size streams through. */
export interface DatasetSink {
  account(record: GeneratedAccount): void;
  link(record: GeneratedLink): void;
  action(record: GeneratedAction): void;
  label(record: GeneratedLabel): void;
  truth(record: GeneratedTruth): void;
  lookalike(record: GeneratedLookalike): void;
}
