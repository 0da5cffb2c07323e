// Produces every record of one account (account row, links, actions, label) from the plan and the account's own
// random stream, so accounts can be generated one block at a time in any process without shared state.
import { ActionEmitter } from './account-actions.js';
import {
  emitBigFarmLinks,
  emitBulkRegistrationLinks,
  emitCamouflagedFarmLinks,
  emitCamouflagedLinks,
  emitCardRingLinks,
  emitFarmLinks,
  emitPaymentRingLinks,
  emitPersonalLinks,
} from './account-links.js';
import type { AccountState, Platform } from './account-state.js';
import type { DatasetSink } from './dataset-sink.js';
import type { BenignKind } from './generate-options.js';
import { LinkEmitter } from './link-emitter.js';
import { accountIdOf } from './opaque-ids.js';
import { Role, pickCountry, type PopulationPlan, type Ring } from './population-plan.js';
import { Rng, hashKeys } from '../lib/rng.js';
import { COUNTRIES, DAY_MS, HOUR_MS, sampleSignupMs, toIsoSeconds } from './time-model.js';

const TZ_BY_COUNTRY = new Map(COUNTRIES.map((c) => [c.code, c.tzHours]));
const PLATFORMS: readonly Platform[] = ['android', 'android', 'android', 'ios', 'ios', 'web', 'web'];
/** Stream ids of per-account generators start here (stream 0x51a7 is the planner's). */
const ACCOUNT_STREAM_BASE = 0x100000;
/** Keys the seeded choice of which accounts a team already knows (independent of every other draw). */
const KNOWN_LABEL_KEY = 0x1abe1;

export interface EmitCounts {
  accounts: number;
  labels: number;
  truth: number;
  lookalikes: number;
  byKind: Map<string, number>;
}

export class AccountEmitter {
  readonly links: LinkEmitter;
  readonly actions: ActionEmitter;
  readonly counts: EmitCounts = { accounts: 0, labels: 0, truth: 0, lookalikes: 0, byKind: new Map() };

  constructor(
    private readonly plan: PopulationPlan,
    private readonly sink: DatasetSink,
  ) {
    this.links = new LinkEmitter(plan, sink);
    this.actions = new ActionEmitter(sink, plan.options.withActions);
  }

  emit(index: number): void {
    const plan = this.plan;
    const rng = new Rng(plan.options.seed, ACCOUNT_STREAM_BASE + index);
    const role = plan.role[index] ?? Role.single;
    const groupIndex = plan.group[index] ?? -1;
    const memberPos = plan.member[index] ?? 0;
    const ring = role === Role.ring ? plan.rings[groupIndex] : undefined;
    const householdIndex = role === Role.household ? groupIndex : (plan.ringMemberHousehold.get(index) ?? -1);
    const household = householdIndex >= 0 ? plan.households[householdIndex] : undefined;
    const office = role === Role.office ? plan.offices[groupIndex] : undefined;

    let country: string | undefined =
      household && rng.chance(0.9)
        ? household.country
        : office && rng.chance(0.85)
          ? office.country
          : ring?.kind === 'device_farm' && rng.chance(0.7)
            ? rng.pick(ring.countries)
            : pickCountry(rng);
    const tzHours = TZ_BY_COUNTRY.get(country) ?? 0;
    if (rng.chance(0.03)) country = undefined; // the profile field is optional and sometimes blank

    const s: AccountState = {
      plan,
      index,
      id: accountIdOf(index, plan.salt),
      rng,
      createdMs: 0,
      tzHours,
      platform: PLATFORMS[rng.int(PLATFORMS.length)] ?? 'android',
      ring,
      memberPos,
      householdIndex,
      householdPos: role === Role.household ? memberPos : (household?.size ?? 0),
      office,
      officeIndex: office ? groupIndex : -1,
      linkScale: plan.options.linksPerAccount / 5,
      hasHomeIp: false,
      hasCarrierIp: false,
      onWifi: false,
      onVpn: false,
      hasCard: false,
      isFan: false,
      isPowerUser: office !== undefined && memberPos < office.powerUsers,
      isModerator: role === Role.moderator,
    };
    s.createdMs = Math.min(this.createdMsOf(s, ring, household?.createdTogetherMs ?? null), plan.window.endMs - 60_000);

    this.sink.account(country === undefined ? { id: s.id, createdAt: toIsoSeconds(s.createdMs) } : { id: s.id, createdAt: toIsoSeconds(s.createdMs), country });
    this.counts.accounts++;

    this.emitLinks(s, ring);
    this.actions.emitAll(s);

    const kind = ring ? ring.kind : benignKindOf(s, role, household?.isLarge === true);
    if (ring) {
      this.sink.truth({ account: s.id, ring: ring.id, kind });
      this.counts.truth++;
    } else {
      this.sink.lookalike({ account: s.id, kind });
      this.counts.lookalikes++;
    }
    const knownShare = ring ? plan.options.knownFraudShare : plan.options.knownBenignShare;
    if (hashKeys(plan.options.seed, KNOWN_LABEL_KEY, index) / 4294967296 < knownShare) {
      this.sink.label({ account: s.id, label: ring ? 'fraud' : 'benign' });
      this.counts.labels++;
    }
    this.counts.byKind.set(kind, (this.counts.byKind.get(kind) ?? 0) + 1);
  }

  private emitLinks(s: AccountState, ring: Ring | undefined): void {
    switch (ring?.kind) {
      case 'device_farm':
        return emitFarmLinks(s, ring, this.links);
      case 'card_ring':
        return emitCardRingLinks(s, ring, this.links);
      case 'camouflaged_ring':
        return emitCamouflagedLinks(s, ring, this.links);
      case 'payment_ring':
        return emitPaymentRingLinks(s, ring, this.links);
      case 'camouflaged_farm':
        return emitCamouflagedFarmLinks(s, ring, this.links);
      case 'big_farm':
        return emitBigFarmLinks(s, ring, this.links);
      case 'bulk_registration':
        return emitBulkRegistrationLinks(s, ring, this.links);
      default:
        // engagement pods, sockpuppets and everyone benign use a person's own identifiers
        return emitPersonalLinks(s, this.links);
    }
  }

  private createdMsOf(s: AccountState, ring: Ring | undefined, togetherMs: number | null): number {
    const { rng, plan } = s;
    if (!ring) {
      if (togetherMs !== null) return togetherMs + rng.next() * 12 * HOUR_MS;
      return sampleSignupMs(rng, plan.window, plan.signupCampaignsMs);
    }
    switch (ring.kind) {
      case 'device_farm':
        // most of the farm is registered in one sitting; stragglers trickle in over the next days
        return rng.chance(ring.stragglerShare)
          ? ring.burstCenterMs + rng.between(1, ring.stragglerDays) * DAY_MS
          : ring.burstCenterMs + rng.normal() * ring.burstSigmaMs;
      case 'card_ring':
      case 'camouflaged_ring':
      case 'payment_ring':
      case 'camouflaged_farm':
      case 'big_farm':
      case 'bulk_registration':
      case 'sockpuppet_group':
        return ring.createdFromMs + rng.next() * ring.createdSpreadMs;
      case 'engagement_pod':
        // pods recruit existing accounts: no creation signal at all
        return sampleSignupMs(rng, plan.window, plan.signupCampaignsMs);
    }
  }
}

/** The most specific benign look-alike an account belongs to (BENIGN_KINDS order). */
function benignKindOf(s: AccountState, role: number, isLargeFamily: boolean): BenignKind {
  if (role === Role.household) return isLargeFamily ? 'large_family' : 'household';
  if (role === Role.moderator) return 'moderator';
  if (s.isPowerUser) return 'power_user';
  if (role === Role.office) return 'office';
  if (s.onVpn) return 'vpn_user';
  if (s.onWifi) return 'public_wifi';
  if (s.isFan) return 'viral_fan';
  if (!s.hasHomeIp && s.hasCarrierIp) return 'carrier_nat_only';
  return 'normal';
}
