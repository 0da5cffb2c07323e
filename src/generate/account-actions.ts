// What one account does: heavy-tailed everyday activity over Zipf-popular targets, bursts on viral posts,
// and the coordinated actions of its ring (farm and pod boosts, camouflaged syncs, card cash-outs).
import type { AccountState } from './account-state.js';
import type { DatasetSink } from './dataset-sink.js';
import { Categorical, zipfRank } from './distributions.js';
import { accountIdOf, postIdOf, productIdOf } from './opaque-ids.js';
import type { CardRing, SyncPlan, ViralPost } from './population-plan.js';
import { HOUR_MS, sampleActivityMs, sampleWorkHoursMs } from './time-model.js';

const ACTION_NAMES = ['like', 'follow', 'comment', 'share', 'login', 'purchase'] as const;
const ACTION_PICKER = new Categorical([46, 14, 12, 8, 15, 5]);
const FAN_ACTIONS = ['like', 'like', 'like', 'share', 'comment'] as const;
/** Accounts that exist but never act in the window. */
const DORMANT_SHARE = 0.08;
const MAX_ACTIONS_PER_ACCOUNT = 20_000;

/** Relative activity of ring members compared to ordinary accounts. */
const ACTIVITY_FACTOR: Record<string, number> = {
  device_farm: 0.35,
  card_ring: 0.5,
  engagement_pod: 0.9,
  camouflaged_ring: 1,
  payment_ring: 0,
  camouflaged_farm: 1,
  big_farm: 0.2,
  bulk_registration: 0.3,
  sockpuppet_group: 0.8,
};
/** Power users act this many times more than an ordinary account; moderators a little more. */
const POWER_USER_FACTOR = 15;
const MODERATOR_FACTOR = 2;

export class ActionEmitter {
  count = 0;
  private readonly isKept: boolean;

  constructor(
    private readonly sink: DatasetSink,
    withActions: boolean,
  ) {
    this.isKept = withActions;
  }

  /** All of one account's actions (drawn even when actions are not written, so variants share one stream). */
  emitAll(s: AccountState): void {
    const ring = s.ring;
    // payment rings leave no trace in behaviour at all: nothing to draw, nothing to write
    if (ring?.kind === 'payment_ring') return;
    this.emitEveryday(s);
    this.emitViral(s);
    this.emitPlanned(s);
    if (!ring) return;
    if (ring.kind === 'card_ring') this.emitCashOut(s, ring);
    else if (ring.kind === 'device_farm' || ring.kind === 'engagement_pod' || ring.kind === 'camouflaged_ring') this.emitSync(s, ring.sync);
  }

  private emitPlanned(s: AccountState): void {
    const planned = s.plan.plannedActions.get(s.index);
    if (!planned) return;
    for (const p of planned) if (p.atMs >= s.createdMs) this.emit(s.id, p.action, p.target, p.atMs);
  }

  private emit(account: string, action: string, target: string, ts: number): void {
    if (!this.isKept) return;
    this.sink.action({ account, action, target, ts });
    this.count++;
  }

  private emitEveryday(s: AccountState): void {
    const { rng, plan, id } = s;
    const factor = s.ring ? (ACTIVITY_FACTOR[s.ring.kind] ?? 1) : s.isPowerUser ? POWER_USER_FACTOR : s.isModerator ? MODERATOR_FACTOR : 1;
    const mean = plan.options.actionsPerAccount * factor;
    const isDormant = !s.isPowerUser && rng.chance(DORMANT_SHARE);
    if (isDormant || mean <= 0) return;
    const raw = rng.lognormal(mean / (1 - DORMANT_SHARE), 1.1);
    const count = Math.min(MAX_ACTIONS_PER_ACCOUNT, Math.floor(raw + rng.next()));
    for (let a = 0; a < count; a++) {
      let action: string = ACTION_NAMES[ACTION_PICKER.sample(rng)] ?? 'like';
      if (action === 'purchase' && !s.hasCard) action = 'like';
      const ts =
        s.office && rng.chance(s.isPowerUser ? 0.7 : 0.5)
          ? sampleWorkHoursMs(rng, plan.window, s.tzHours, s.createdMs)
          : sampleActivityMs(rng, plan.window, s.tzHours, s.createdMs);
      let target: string;
      if (action === 'follow') {
        const rank = zipfRank(rng, plan.n, 1.1);
        target = accountIdOf((rank * plan.followStride + plan.followOffset) % plan.n, plan.salt);
      } else if (action === 'login') target = s.platform;
      else if (action === 'purchase') target = productIdOf(zipfRank(rng, plan.productCatalog, 1.05), plan.salt);
      else target = postIdOf(zipfRank(rng, plan.postCatalog, 1), plan.salt);
      this.emit(id, action, target, ts);
    }
  }

  /** Fans of a creator pile onto each of the creator's viral posts within minutes (or over days when it trends). */
  private emitViral(s: AccountState): void {
    const { rng, plan, id } = s;
    for (const creator of plan.viral) {
      if (!rng.chance(creator.fanProb)) continue;
      for (const post of creator.posts) {
        if (!rng.chance(0.75)) continue;
        const ts = Math.floor(post.startMs + viralDelayMs(s, post));
        const action = FAN_ACTIONS[rng.int(FAN_ACTIONS.length)] ?? 'like';
        if (ts < s.createdMs || ts >= plan.window.endMs) continue;
        s.isFan = true;
        this.emit(id, action, post.target, ts);
      }
    }
  }

  private emitSync(s: AccountState, sync: SyncPlan): void {
    const { rng, plan, id } = s;
    for (const event of sync.events) {
      if (!rng.chance(sync.participation)) continue;
      let ts = event.atMs + rng.next() * sync.jitterMs;
      // a few members are late to every party
      if (rng.chance(0.05)) ts += 30_000 + rng.next() * 15 * 60_000;
      if (ts < s.createdMs || ts >= plan.window.endMs) continue;
      this.emit(id, event.action, event.target, Math.floor(ts));
    }
  }

  /** Purchases with the ring's cards: mostly the ring's resale items, many near shared cash-out sessions. */
  private emitCashOut(s: AccountState, ring: CardRing): void {
    const { rng, plan, id } = s;
    for (let c = rng.intBetween(3, 15); c > 0; c--) {
      const target = rng.chance(0.7) ? rng.pick(ring.products) : productIdOf(zipfRank(rng, plan.productCatalog, 1.05), plan.salt);
      let ts = rng.chance(0.5)
        ? rng.pick(ring.cashOutMs) + rng.normal() * 2 * HOUR_MS
        : sampleActivityMs(rng, plan.window, s.tzHours, s.createdMs);
      ts = Math.floor(ts);
      if (ts < s.createdMs || ts < plan.window.startMs || ts >= plan.window.endMs) continue;
      this.emit(id, 'purchase', target, ts);
    }
  }
}

/** Minutes for most fans, hours for some, days for trending posts. */
function viralDelayMs(s: AccountState, post: ViralPost): number {
  const { rng } = s;
  if (post.isTrending) return rng.exponential(2 * 24 * HOUR_MS);
  const u = rng.next();
  if (u < 0.55) return rng.exponential(4 * 60_000);
  if (u < 0.85) return rng.exponential(45 * 60_000);
  return rng.exponential(6 * HOUR_MS);
}
