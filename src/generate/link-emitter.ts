// Turns (type, category, index) into link rows: opaque values, export noise (dropped, duplicated, untimed rows),
// and the variant options (keep only some types, rename types, no links at all).
import type { DatasetSink } from './dataset-sink.js';
import { LINK_TYPES, type LinkType } from './generate-options.js';
import { opaqueHex, type CategoryCode } from './opaque-ids.js';
import type { PopulationPlan } from './population-plan.js';
import type { Rng } from '../lib/rng.js';

/** Real exports lose rows, repeat rows (seen again later) and omit timestamps; the detector must cope. */
const DROP_RATE = 0.03;
const DUPLICATE_RATE = 0.03;
const UNTIMED_RATE = 0.05;

export class LinkEmitter {
  count = 0;
  private readonly isKept: Record<LinkType, boolean>;
  private readonly names: Record<LinkType, string>;
  private readonly prefixes: Record<LinkType, string>;
  private readonly salt: number;
  private readonly endMs: number;

  constructor(
    plan: PopulationPlan,
    private readonly sink: DatasetSink,
  ) {
    const { linkTypes, renameTypes, withLinks } = plan.options;
    this.salt = plan.salt;
    this.endMs = plan.window.endMs;
    const entries = LINK_TYPES.map((type) => {
      const name = renameTypes?.[type] ?? type;
      const first = name[0]?.toLowerCase() ?? 'x';
      return { type, name, prefix: `${/[a-z0-9]/.test(first) ? first : 'x'}_`, kept: withLinks && (linkTypes?.includes(type) ?? true) };
    });
    this.isKept = Object.fromEntries(entries.map((e) => [e.type, e.kept])) as Record<LinkType, boolean>;
    this.names = Object.fromEntries(entries.map((e) => [e.type, e.name])) as Record<LinkType, string>;
    this.prefixes = Object.fromEntries(entries.map((e) => [e.type, e.prefix])) as Record<LinkType, string>;
  }

  /** Emit one identifier of `account`. Noise draws happen before filtering, so every variant of a seed
   * consumes the same random stream and differs only in what it writes. */
  emit(rng: Rng, account: string, type: LinkType, category: CategoryCode, index: number, firstSeenMs: number): void {
    const isDropped = rng.next() < DROP_RATE;
    const isUntimed = rng.next() < UNTIMED_RATE;
    const isDuplicated = rng.next() < DUPLICATE_RATE;
    const later = rng.next();
    if (isDropped || !this.isKept[type]) return;
    const value = this.prefixes[type] + opaqueHex(category, index, this.salt);
    const name = this.names[type];
    const ts = Math.floor(firstSeenMs);
    this.sink.link(isUntimed ? { account, type: name, value } : { account, type: name, value, ts });
    this.count++;
    if (isDuplicated) {
      this.sink.link({ account, type: name, value, ts: Math.floor(ts + later * Math.max(0, this.endMs - ts)) });
      this.count++;
    }
  }
}
