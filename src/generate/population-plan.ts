// The population plan: who belongs to which ring, household or office, and the shared pools (NAT, wifi, datacenter
// IPs, hub devices, viral posts). Small per-group state plus three typed arrays; records are produced later, per account.
import { AliasTable, Categorical } from './distributions.js';
import { RING_KINDS, ringKindShares, type LinkType, type ResolvedGenerateOptions, type RingKind } from './generate-options.js';
import { accountIdOf, postIdOf, productIdOf, ringIdOf } from './opaque-ids.js';
import { Rng, hashKeys } from '../lib/rng.js';
import { COUNTRIES, COUNTRY_PICKER, DAY_MS, HOUR_MS, type TimeWindow } from './time-model.js';

export const Role = { single: 0, household: 1, office: 2, ring: 3, moderator: 4 } as const;

/** One action planned ahead because other accounts' actions depend on it (sockpuppets, the moderators answering them). */
export interface PlannedAction {
  action: string;
  target: string;
  atMs: number;
}

/** Actions that happen together: every participating member acts on `target` shortly after `atMs`. */
export interface SyncEvent {
  target: string;
  action: string;
  atMs: number;
}

export interface SyncPlan {
  events: SyncEvent[];
  /** Chance that a member joins a given event. */
  participation: number;
  /** Members act within [atMs, atMs + jitterMs]. */
  jitterMs: number;
}

interface RingBase {
  index: number;
  id: string;
  size: number;
}

export interface DeviceFarm extends RingBase {
  kind: 'device_farm';
  devices: number;
  /** Indices into the datacenter IP pool. */
  datacenterIps: number[];
  phones: number;
  fingerprints: number;
  /** Index of an emulator fingerprint hub the farm's devices share with thousands of others, or -1. */
  emulatorHub: number;
  burstCenterMs: number;
  burstSigmaMs: number;
  stragglerShare: number;
  stragglerDays: number;
  countries: string[];
  sync: SyncPlan;
}

export interface CardRing extends RingBase {
  kind: 'card_ring';
  cards: number;
  addresses: number;
  /** Residential proxy IPs the operator routes through (0 for rings that leave no IP trace). */
  proxyIps: number;
  proxyUse: number;
  createdFromMs: number;
  createdSpreadMs: number;
  products: string[];
  cashOutMs: number[];
}

export interface EngagementPod extends RingBase {
  kind: 'engagement_pod';
  sync: SyncPlan;
}

export interface CamouflagedRing extends RingBase {
  kind: 'camouflaged_ring';
  /** Identifier types of the small shared pool (entity k of the pool has type pool[k]). */
  pool: LinkType[];
  touchProb: number;
  createdFromMs: number;
  createdSpreadMs: number;
  sync: SyncPlan;
}

export interface PaymentRing extends RingBase {
  kind: 'payment_ring';
  cards: number;
  addresses: number;
  createdFromMs: number;
  createdSpreadMs: number;
}

export interface CamouflagedFarm extends RingBase {
  kind: 'camouflaged_farm';
  devices: number;
  proxyIps: number;
  createdFromMs: number;
  createdSpreadMs: number;
}

export interface BigFarm extends RingBase {
  kind: 'big_farm';
  devices: number;
  devicesPerAccount: number;
  createdFromMs: number;
  createdSpreadMs: number;
}

export interface BulkRegistration extends RingBase {
  kind: 'bulk_registration';
  /** Index of the hub device (the default id shared by thousands) every member reports. */
  hubDevice: number;
  createdFromMs: number;
  createdSpreadMs: number;
}

export interface SockpuppetGroup extends RingBase {
  kind: 'sockpuppet_group';
  createdFromMs: number;
  createdSpreadMs: number;
}

export type Ring =
  | DeviceFarm
  | CardRing
  | EngagementPod
  | CamouflagedRing
  | PaymentRing
  | CamouflagedFarm
  | BigFarm
  | BulkRegistration
  | SockpuppetGroup;

export interface Household {
  size: number;
  country: string;
  sharesDevice: boolean;
  sharesCard: boolean;
  /** Large families (6–10) share one card and one address between (nearly) all members. */
  isLarge: boolean;
  secondIp: boolean;
  /** When set, the members signed up within the same half day (siblings, a couple). */
  createdTogetherMs: number | null;
}

export interface Office {
  size: number;
  country: string;
  ips: number;
  /** Members 0..powerUsers-1 act many times more than anyone else, mostly from the office. */
  powerUsers: number;
}

export interface ViralPost {
  target: string;
  startMs: number;
  /** Trending posts keep collecting actions for days; the others burst within minutes to hours. */
  isTrending: boolean;
}

export interface ViralCreator {
  fanProb: number;
  posts: ViralPost[];
}

/** A pool of shared entities where the number of accounts per entity is heavy-tailed. */
export interface EntityPool {
  size: number;
  picker: AliasTable;
  /** Expected picks per account (Poisson mean) for pools that only some accounts touch. */
  perAccount: number;
}

export interface PopulationPlan {
  options: ResolvedGenerateOptions;
  window: TimeWindow;
  /** Keys every opaque value; derived from the seed. */
  salt: number;
  n: number;
  role: Uint8Array;
  group: Int32Array;
  member: Int32Array;
  /** Ring members who also live in a benign household: account index → household index. */
  ringMemberHousehold: Map<number, number>;
  rings: Ring[];
  households: Household[];
  offices: Office[];
  /** Actions fixed by the plan, per account index (sockpuppet campaigns, moderation and the actions it answers). */
  plannedActions: Map<number, PlannedAction[]>;
  carrierIps: EntityPool;
  wifiIps: EntityPool;
  datacenterIps: EntityPool;
  hubDevices: EntityPool;
  hubFingerprints: EntityPool;
  commonFingerprints: EntityPool;
  viral: ViralCreator[];
  signupCampaignsMs: number[];
  postCatalog: number;
  productCatalog: number;
  /** Follow targets: Zipf rank r → account (r * followStride + followOffset) mod n. */
  followStride: number;
  followOffset: number;
}

const HOUSEHOLD_SIZES = new Categorical([40, 26, 18, 10, 6]); // sizes 2..6
const HOUSEHOLD_SHARE = 0.12;
/** Share of accounts living in large families (6–10 members, one card and one address). */
const LARGE_FAMILY_SHARE = 0.01;
const OFFICE_SHARE = 0.05;
/** Moderators and reverters: a few per thousand accounts, capped so planned actions stay small at any scale. */
const MODERATOR_SHARE = 0.0015;
const MAX_MODERATORS = 2000;
/** Sockpuppet group sizes 2..12: most are two or three accounts. */
const SOCKPUPPET_SIZES = new Categorical([35, 25, 12, 8, 6, 4, 3, 2, 2, 2, 1]);
/** Chance that a ring has one member who also lives in a benign household. */
const RING_IN_HOUSEHOLD = 0.3;

const SIZE_RANGES: Record<RingKind, { min: number; max: number; alpha: number }> = {
  device_farm: { min: 15, max: 80, alpha: 1.3 },
  card_ring: { min: 6, max: 25, alpha: 1.2 },
  engagement_pod: { min: 10, max: 60, alpha: 1.1 },
  camouflaged_ring: { min: 10, max: 40, alpha: 1.2 },
  payment_ring: { min: 8, max: 40, alpha: 1.1 },
  camouflaged_farm: { min: 20, max: 120, alpha: 1.2 },
  big_farm: { min: 1000, max: 3000, alpha: 1.5 },
  bulk_registration: { min: 80, max: 150, alpha: 1.5 },
  sockpuppet_group: { min: 2, max: 12, alpha: 1 },
};

function ringSizeOf(rng: Rng, kind: RingKind): number {
  if (kind === 'sockpuppet_group') return 2 + SOCKPUPPET_SIZES.sample(rng);
  const range = SIZE_RANGES[kind];
  return rng.paretoInt(range.min, range.max, range.alpha);
}

export function planPopulation(options: ResolvedGenerateOptions): PopulationPlan {
  const n = options.accounts;
  const rng = new Rng(options.seed, 0x51a7);
  const window: TimeWindow = { startMs: options.startMs, endMs: options.startMs + options.days * DAY_MS, days: options.days };
  const salt = hashKeys(options.seed, 0xc0ffee);

  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  rng.shuffle(order);
  const role = new Uint8Array(n);
  const group = new Int32Array(n).fill(-1);
  const member = new Int32Array(n);
  let cursor = 0;
  const assign = (roleCode: number, groupIndex: number, size: number): number[] => {
    const indices: number[] = [];
    for (let m = 0; m < size; m++) {
      const account = order[cursor++] as number;
      role[account] = roleCode;
      group[account] = groupIndex;
      member[account] = m;
      indices.push(account);
    }
    return indices;
  };

  const pools = planPools(rng, n);
  const viral = planViral(rng, n, window, salt);
  const signupCampaignsMs = Array.from({ length: 6 + rng.int(6) }, () => window.startMs - rng.next() * 3 * 365 * DAY_MS);
  const postCatalog = Math.max(500, Math.round(n / 2));
  const productCatalog = Math.max(200, Math.round(n / 20));

  const rings: Ring[] = [];
  const ringFirstMember: number[] = [];
  const sockpuppetMembers: number[][] = [];
  const shares = ringKindShares(options);
  const fraudTotal = Math.round(options.fraudShare * n);
  const placeRing = (ring: Ring): void => {
    const members = assign(Role.ring, rings.length, ring.size);
    ringFirstMember.push(members[0] as number);
    if (ring.kind === 'sockpuppet_group') sockpuppetMembers.push(members);
    rings.push(ring);
  };
  for (const kind of RING_KINDS) {
    const range = SIZE_RANGES[kind];
    let quota = Math.round(fraudTotal * shares[kind]);
    while (quota >= range.min / 2) {
      let size = ringSizeOf(rng, kind);
      if (size > quota) size = Math.max(range.min, quota);
      if (cursor + size > n) break;
      quota -= size;
      placeRing(planRing(rng, kind, rings.length, size, window, pools, postCatalog, productCatalog, n, salt));
    }
  }
  if (options.bigFarm && cursor + options.bigFarm.size <= n) {
    const spec = options.bigFarm;
    const farm = planRing(rng, 'big_farm', rings.length, spec.size, window, pools, postCatalog, productCatalog, n, salt) as BigFarm;
    placeRing({ ...farm, devices: spec.devices, devicesPerAccount: spec.devicesPerAccount, createdSpreadMs: spec.createdWithinMinutes * 60_000 });
  }

  const households: Household[] = [];
  const largeFamilyTarget = Math.round(LARGE_FAMILY_SHARE * n);
  for (let placed = 0; placed < largeFamilyTarget; ) {
    const size = rng.intBetween(6, 10);
    if (cursor + size > n) break;
    households.push({ ...planHousehold(rng, size, window), isLarge: true, sharesCard: true });
    assign(Role.household, households.length - 1, size);
    placed += size;
  }
  const householdTarget = Math.round(HOUSEHOLD_SHARE * n);
  for (let placed = 0; placed < householdTarget; ) {
    const size = 2 + HOUSEHOLD_SIZES.sample(rng);
    if (cursor + size > n) break;
    households.push(planHousehold(rng, size, window));
    assign(Role.household, households.length - 1, size);
    placed += size;
  }

  const offices: Office[] = [];
  const officeTarget = Math.round(OFFICE_SHARE * n);
  for (let placed = 0; placed < officeTarget; ) {
    const size = rng.paretoInt(10, 80, 1.2);
    if (cursor + size > n) break;
    offices.push({ size, country: pickCountry(rng), ips: rng.chance(0.35) ? 2 : 1, powerUsers: rng.chance(0.5) ? rng.intBetween(1, 3) : 0 });
    assign(Role.office, offices.length - 1, size);
    placed += size;
  }

  const moderatorCount = Math.min(MAX_MODERATORS, Math.round(MODERATOR_SHARE * n));
  const moderators: number[] = [];
  for (let m = 0; m < moderatorCount && cursor < n; m++) moderators.push(...assign(Role.moderator, m, 1));
  const plannedActions = planModeratedActions(rng, window, role, sockpuppetMembers, moderators, postCatalog, salt);

  const ringMemberHousehold = new Map<number, number>();
  if (households.length > 0) {
    for (const first of ringFirstMember) {
      if (rng.chance(RING_IN_HOUSEHOLD)) ringMemberHousehold.set(first, rng.int(households.length));
    }
  }

  const followStride = n % 1_000_003 === 0 ? 998_244_353 : 1_000_003;
  return {
    options,
    window,
    salt,
    n,
    role,
    group,
    member,
    ringMemberHousehold,
    rings,
    households,
    offices,
    plannedActions,
    ...pools,
    viral,
    signupCampaignsMs,
    postCatalog,
    productCatalog,
    followStride,
    followOffset: rng.int(n),
  };
}

export function pickCountry(rng: Rng): string {
  return (COUNTRIES[COUNTRY_PICKER.sample(rng)] ?? COUNTRIES[0])!.code;
}

type Pools = Pick<
  PopulationPlan,
  'carrierIps' | 'wifiIps' | 'datacenterIps' | 'hubDevices' | 'hubFingerprints' | 'commonFingerprints'
>;

/** Heavy-tailed pools; sizes follow the population so degrees stay realistic at any scale. */
function planPools(rng: Rng, n: number): Pools {
  // Carrier NAT: every account has ~1 carrier IP; each IP fronts hundreds to thousands of subscribers.
  const carrierSize = Math.max(4, Math.round(n / 700));
  const carrierWeights = Array.from({ length: carrierSize }, () => rng.lognormal(1, 1));
  // Public wifi (cafés, stations, campuses): 100–1000 accounts per IP, long tail.
  const wifiSize = Math.max(2, Math.round(n / 4000));
  const wifiDegrees = Array.from({ length: wifiSize }, () => Math.min(rng.paretoInt(100, 1000, 1.1), Math.max(100, n / 6)));
  // Datacenter / VPN exits: a few popular exits carry most benign VPN users; farms rent from the same pool.
  const datacenterSize = Math.max(30, Math.round(n / 2000));
  const datacenterWeights = Array.from({ length: datacenterSize }, (_, k) => 1 / Math.pow(k + 1, 1.1));
  // Default device ids (buggy SDKs) and emulator fingerprints: each shared by thousands at scale.
  const hubCount = 2 + Math.round(n / 250_000);
  const hubDegrees = () =>
    Array.from({ length: hubCount }, () => Math.min(Math.max(100, n * rng.between(0.002, 0.008)), Math.max(100, n / 8)));
  // the first device hub is the default id a buggy SDK reports for 1–2 % of everyone (thousands at scale)
  const deviceHubDegrees = hubDegrees();
  deviceHubDegrees[0] = Math.max(100, n * rng.between(0.01, 0.02));
  const fingerprintHubDegrees = hubDegrees();
  // Common browser configurations: Zipf over a pool, so a few are shared by thousands and many by a handful.
  const commonSize = Math.max(50, Math.round(n / 150));
  const commonWeights = Array.from({ length: commonSize }, (_, k) => 1 / Math.pow(k + 1, 1.1));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    carrierIps: { size: carrierSize, picker: new AliasTable(carrierWeights), perAccount: 1 },
    wifiIps: { size: wifiSize, picker: new AliasTable(wifiDegrees), perAccount: sum(wifiDegrees) / n },
    datacenterIps: { size: datacenterSize, picker: new AliasTable(datacenterWeights), perAccount: 0 },
    hubDevices: { size: hubCount, picker: new AliasTable(deviceHubDegrees), perAccount: sum(deviceHubDegrees) / n },
    hubFingerprints: { size: hubCount, picker: new AliasTable(fingerprintHubDegrees), perAccount: sum(fingerprintHubDegrees) / n },
    commonFingerprints: { size: commonSize, picker: new AliasTable(commonWeights), perAccount: 0 },
  };
}

function planViral(rng: Rng, n: number, window: TimeWindow, salt: number): ViralCreator[] {
  const creators = Math.min(8, Math.max(2, Math.round(2 + 1.5 * Math.log10(Math.max(1, n / 1000)))));
  const postCatalog = Math.max(500, Math.round(n / 2));
  const span = window.endMs - window.startMs;
  return Array.from({ length: creators }, () => {
    const fanProb = Math.min(0.2, Math.max(60 / n, rng.between(0.008, 0.035)));
    const posts = Array.from({ length: rng.intBetween(1, 3) }, () => ({
      target: postIdOf(rng.int(postCatalog), salt),
      startMs: Math.floor(window.startMs + rng.next() * span * 0.9),
      isTrending: rng.chance(0.25),
    }));
    return { fanProb, posts };
  });
}

function planHousehold(rng: Rng, size: number, window: TimeWindow): Household {
  return {
    size,
    country: pickCountry(rng),
    sharesDevice: rng.chance(0.55),
    sharesCard: rng.chance(0.15),
    isLarge: false,
    secondIp: rng.chance(0.3),
    createdTogetherMs: rng.chance(0.12) ? window.startMs - rng.next() * 2 * 365 * DAY_MS : null,
  };
}

function planSync(
  rng: Rng,
  count: number,
  fromMs: number,
  window: TimeWindow,
  participation: number,
  jitterMs: number,
  postCatalog: number,
  salt: number,
  actions: readonly string[],
): SyncPlan {
  const lo = Math.min(Math.max(fromMs, window.startMs), window.endMs - 180_000);
  const events = Array.from({ length: count }, () => ({
    target: postIdOf(rng.int(postCatalog), salt),
    action: rng.pick(actions),
    atMs: Math.floor(lo + rng.next() * (window.endMs - lo - 120_000)),
  }));
  return { events, participation, jitterMs };
}

function planRing(
  rng: Rng,
  kind: RingKind,
  index: number,
  size: number,
  window: TimeWindow,
  pools: Pools,
  postCatalog: number,
  productCatalog: number,
  n: number,
  salt: number,
): Ring {
  const base = { index, id: ringIdOf(index), size };
  const span = window.endMs - window.startMs;
  switch (kind) {
    case 'device_farm': {
      const stragglerDays = rng.between(1, 10);
      const burstCenterMs = window.startMs - 45 * DAY_MS + rng.next() * (45 * DAY_MS + Math.max(0, span - (3 + stragglerDays) * DAY_MS));
      const sync = planSync(rng, rng.intBetween(5, 25), burstCenterMs + DAY_MS, window, rng.between(0.4, 0.9), rng.between(1, 60) * 1000, postCatalog, salt, ['like', 'like', 'share', 'comment']);
      // a farm is paid to inflate a few customers' follower counts
      for (let c = rng.intBetween(1, 3); c > 0; c--) {
        const lo = Math.min(Math.max(burstCenterMs + DAY_MS, window.startMs), window.endMs - 180_000);
        sync.events.push({ target: accountIdOf(rng.int(n), salt), action: 'follow', atMs: Math.floor(lo + rng.next() * Math.max(60_000, window.endMs - lo - 120_000)) });
      }
      return {
        ...base,
        kind,
        devices: Math.min(8, Math.max(2, Math.round(size / rng.between(6, 14)))),
        datacenterIps: Array.from({ length: rng.intBetween(1, 3) }, () =>
          rng.chance(0.6) ? rng.int(pools.datacenterIps.size) : pools.datacenterIps.picker.sample(rng),
        ),
        phones: rng.intBetween(1, 4),
        fingerprints: rng.intBetween(1, 2),
        emulatorHub: rng.chance(0.5) ? pools.hubFingerprints.picker.sample(rng) : -1,
        burstCenterMs,
        burstSigmaMs: rng.between(0.3, 1.5) * HOUR_MS,
        stragglerShare: rng.between(0.05, 0.2),
        stragglerDays,
        countries: [pickCountry(rng), pickCountry(rng)],
        sync,
      };
    }
    case 'card_ring': {
      const createdSpreadMs = rng.between(3, 21) * DAY_MS;
      const createdFromMs = window.startMs - 90 * DAY_MS + rng.next() * (90 * DAY_MS + Math.max(0, span - 7 * DAY_MS - createdSpreadMs));
      const hasProxy = rng.chance(0.6);
      return {
        ...base,
        kind,
        cards: rng.intBetween(2, 5),
        addresses: rng.intBetween(1, 3),
        proxyIps: hasProxy ? rng.intBetween(1, 2) : 0,
        proxyUse: rng.between(0.5, 0.9),
        createdFromMs,
        createdSpreadMs,
        products: Array.from({ length: rng.intBetween(3, 8) }, () => productIdOf(rng.int(productCatalog), salt)),
        cashOutMs: Array.from({ length: rng.intBetween(3, 6) }, () => window.startMs + rng.next() * span),
      };
    }
    case 'engagement_pod':
      return {
        ...base,
        kind,
        sync: planSync(rng, rng.intBetween(15, 60), window.startMs, window, rng.between(0.6, 0.95), rng.between(2, 30) * 1000, postCatalog, salt, ['like', 'like', 'comment', 'share']),
      };
    case 'camouflaged_ring': {
      const createdSpreadMs = rng.between(1, 6) * DAY_MS;
      const createdFromMs = window.startMs - 200 * DAY_MS + rng.next() * (200 * DAY_MS + Math.max(0, span - 5 * DAY_MS - createdSpreadMs));
      const poolTypes: LinkType[] = ['fingerprint', 'device', 'phone'];
      return {
        ...base,
        kind,
        pool: Array.from({ length: rng.intBetween(2, 5) }, () => rng.pick(poolTypes)),
        touchProb: rng.between(0.55, 0.9),
        createdFromMs,
        createdSpreadMs,
        sync: planSync(rng, rng.intBetween(3, 8), createdFromMs + createdSpreadMs, window, rng.between(0.5, 0.8), rng.between(5, 45) * 1000, postCatalog, salt, ['like', 'comment', 'share']),
      };
    }
    case 'payment_ring': {
      // created one by one over about a year, long before they cash out
      const createdSpreadMs = rng.between(300, 400) * DAY_MS;
      return {
        ...base,
        kind,
        cards: rng.intBetween(2, 6),
        addresses: rng.intBetween(1, 4),
        createdFromMs: window.startMs - createdSpreadMs - rng.next() * 60 * DAY_MS,
        createdSpreadMs,
      };
    }
    case 'camouflaged_farm': {
      const createdSpreadMs = rng.between(60, 180) * DAY_MS;
      return {
        ...base,
        kind,
        devices: Math.max(3, Math.round(size / rng.between(6, 12))),
        proxyIps: rng.intBetween(2, 6),
        createdFromMs: window.startMs - createdSpreadMs - rng.next() * 120 * DAY_MS,
        createdSpreadMs,
      };
    }
    case 'big_farm':
      return {
        ...base,
        kind,
        devices: Math.max(4, Math.round(size / rng.between(10, 15))),
        devicesPerAccount: rng.intBetween(2, 4),
        createdFromMs: window.startMs - 60 * DAY_MS + rng.next() * (60 * DAY_MS + Math.max(0, span - 7 * DAY_MS)),
        createdSpreadMs: rng.between(0.5, 4) * HOUR_MS,
      };
    case 'bulk_registration':
      return {
        ...base,
        kind,
        hubDevice: 0,
        createdFromMs: window.startMs - 200 * DAY_MS + rng.next() * (200 * DAY_MS + Math.max(0, span - 2 * DAY_MS)),
        createdSpreadMs: rng.between(3, 15) * 60_000,
      };
    case 'sockpuppet_group': {
      // one person opening accounts over weeks to months, all before the window
      const createdSpreadMs = rng.between(10, 200) * DAY_MS;
      return { ...base, kind, createdFromMs: window.startMs - createdSpreadMs - rng.next() * 300 * DAY_MS, createdSpreadMs };
    }
  }
}

/**
 * Sockpuppet campaigns and the moderators who answer them and everyone else. A sockpuppet group works a few
 * low-traffic targets: on each, two or more of its accounts act minutes to hours apart. Moderators and reverters
 * act on many accounts' targets soon after them: on about half of the sockpuppets' targets and on hundreds of
 * ordinary accounts' low-traffic targets each.
 */
function planModeratedActions(
  rng: Rng,
  window: TimeWindow,
  role: Uint8Array,
  sockpuppetGroups: number[][],
  moderators: number[],
  postCatalog: number,
  salt: number,
): Map<number, PlannedAction[]> {
  const planned = new Map<number, PlannedAction[]>();
  const add = (account: number, action: string, target: string, atMs: number) => {
    if (atMs < window.startMs || atMs >= window.endMs) return;
    let list = planned.get(account);
    if (!list) planned.set(account, (list = []));
    list.push({ action, target, atMs: Math.floor(atMs) });
  };
  // the quieter half of the catalog: a target there sees a handful of actions in a month
  const quietTarget = () => postIdOf(Math.floor(postCatalog / 2) + rng.int(Math.max(1, postCatalog - Math.floor(postCatalog / 2))), salt);
  const span = window.endMs - window.startMs;
  const answer = (target: string, afterMs: number) => {
    if (moderators.length === 0) return;
    for (let k = rng.chance(0.15) ? 2 : 1; k > 0; k--) add(rng.pick(moderators), 'comment', target, afterMs + 60_000 + rng.exponential(12 * 60_000));
  };
  for (const members of sockpuppetGroups) {
    for (let t = rng.intBetween(3, 12); t > 0; t--) {
      const target = quietTarget();
      const actors = [...members];
      rng.shuffle(actors);
      const count = Math.min(actors.length, 2 + rng.poisson(members.length > 3 ? 1.5 : 0.3));
      let at = window.startMs + rng.next() * span * 0.95;
      for (let a = 0; a < count; a++) {
        if (a > 0) at += Math.min(12 * HOUR_MS, 2 * 60_000 + rng.exponential(45 * 60_000));
        add(actors[a] as number, rng.chance(0.8) ? 'comment' : 'like', target, at);
      }
      if (rng.chance(0.5)) answer(target, at);
    }
  }
  const n = role.length;
  for (const moderator of moderators) {
    for (let v = rng.intBetween(50, 300); v > 0; v--) {
      let victim = rng.int(n);
      for (let tries = 0; tries < 5 && role[victim] !== Role.single; tries++) victim = rng.int(n);
      if (role[victim] !== Role.single || victim === moderator) continue;
      const target = quietTarget();
      const at = window.startMs + rng.next() * span * 0.98;
      add(victim, 'comment', target, at);
      add(moderator, 'comment', target, at + 60_000 + rng.exponential(10 * 60_000));
    }
  }
  return planned;
}
