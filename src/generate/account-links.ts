// The identifiers one account uses: personal ones (own devices, phone, email, carrier/home IPs, hubs), what a
// household or office shares, and what each ring kind shares (farm devices, ring cards, a camouflaged pool).
import type { AccountState } from './account-state.js';
import type { LinkEmitter } from './link-emitter.js';
import { Category } from './opaque-ids.js';
import type { BigFarm, BulkRegistration, CamouflagedFarm, CamouflagedRing, CardRing, DeviceFarm, PaymentRing } from './population-plan.js';
import { HOUR_MS, sampleActivityMs } from './time-model.js';

/** Index slots per account for its own devices and e-mail addresses. */
const OWN_SLOTS = 4;

/** Own devices, contact points, IPs and browser fingerprint of an ordinary person (also pods and camouflaged rings). */
export function emitPersonalLinks(s: AccountState, links: LinkEmitter, options: { carrierOnly?: boolean } = {}): void {
  const { rng, plan, index: i, id } = s;
  const k = s.linkScale;
  // below the default density optional identifiers get rarer; above it people have more devices, inboxes, IPs
  const p = (x: number) => x * Math.min(1, k);
  const extra = Math.max(0, (k - 1) * 5);
  const soon = () => s.createdMs + rng.next() * 24 * HOUR_MS;
  const seen = () => sampleActivityMs(rng, plan.window, s.tzHours, s.createdMs);

  links.emit(rng, id, 'device', Category.deviceOwn, i * OWN_SLOTS, soon());
  if (rng.chance(p(0.15))) links.emit(rng, id, 'device', Category.deviceOwn, i * OWN_SLOTS + 1, seen());
  for (let d = Math.min(2, rng.poisson(0.15 * extra)); d > 0; d--) links.emit(rng, id, 'device', Category.deviceOwn, i * OWN_SLOTS + 1 + d, seen());
  for (let h = rng.poisson(plan.hubDevices.perAccount); h > 0; h--) {
    links.emit(rng, id, 'device', Category.deviceHub, plan.hubDevices.picker.sample(rng), seen());
  }

  if (s.householdIndex >= 0) emitHouseholdTies(s, links);
  else if (!options.carrierOnly && rng.chance(0.5)) {
    s.hasHomeIp = true;
    links.emit(rng, id, 'ip', Category.ipHome, i * 2, seen());
    if (rng.chance(0.1)) links.emit(rng, id, 'ip', Category.ipHome, i * 2 + 1, seen());
  }
  const carrierCount = (s.hasHomeIp ? rng.poisson(0.35 * Math.min(1, k)) : 1 + rng.poisson(0.2 * Math.min(1, k))) + rng.poisson(0.6 * extra);
  for (let c = 0; c < carrierCount; c++) {
    s.hasCarrierIp = true;
    links.emit(rng, id, 'ip', Category.ipCarrier, plan.carrierIps.picker.sample(rng), seen());
  }
  for (let w = rng.poisson(plan.wifiIps.perAccount); w > 0; w--) {
    s.onWifi = true;
    links.emit(rng, id, 'ip', Category.ipWifi, plan.wifiIps.picker.sample(rng), seen());
  }
  if (s.office) {
    links.emit(rng, id, 'ip', Category.ipOffice, s.officeIndex * 2, seen());
    if (s.office.ips === 2 && rng.chance(0.7)) links.emit(rng, id, 'ip', Category.ipOffice, s.officeIndex * 2 + 1, seen());
  }
  // benign VPN users exit through the same datacenter IPs that farms rent
  if (rng.chance(0.012)) {
    s.onVpn = true;
    for (let v = rng.chance(0.4) ? 2 : 1; v > 0; v--) {
      links.emit(rng, id, 'ip', Category.ipDatacenter, plan.datacenterIps.picker.sample(rng), seen());
    }
  }

  if (rng.chance(p(0.66))) links.emit(rng, id, 'phone', Category.phoneOwn, i, soon());
  if (rng.chance(p(0.84))) links.emit(rng, id, 'email', Category.emailOwn, i * OWN_SLOTS, soon());
  if (rng.chance(p(0.05))) links.emit(rng, id, 'email', Category.emailOwn, i * OWN_SLOTS + 1, seen());
  for (let e = Math.min(2, rng.poisson(0.15 * extra)); e > 0; e--) links.emit(rng, id, 'email', Category.emailOwn, i * OWN_SLOTS + 1 + e, seen());

  const household = s.householdIndex >= 0 ? plan.households[s.householdIndex] : undefined;
  if (household?.sharesCard && (household.isLarge ? rng.chance(0.9) : s.householdPos < 2)) {
    s.hasCard = true;
    links.emit(rng, id, 'card', Category.cardHousehold, s.householdIndex, seen());
  } else if (rng.chance(p(0.22))) {
    s.hasCard = true;
    links.emit(rng, id, 'card', Category.cardOwn, i, seen());
  }
  if (!household && rng.chance(p(0.18))) links.emit(rng, id, 'address', Category.addressOwn, i, seen());
  emitFingerprints(s, links);
}

/** A shared home: the home IP (and a second one after the ISP reassigned it), often the address and a tablet. */
export function emitHouseholdTies(s: AccountState, links: LinkEmitter): void {
  const { rng, plan, id } = s;
  const hh = s.householdIndex;
  const household = plan.households[hh];
  if (!household) return;
  const seen = () => sampleActivityMs(rng, plan.window, s.tzHours, s.createdMs);
  s.hasHomeIp = true;
  const homeBase = plan.n * 2 + hh * 2; // after every personal home IP index
  links.emit(rng, id, 'ip', Category.ipHome, homeBase, seen());
  if (household.secondIp && rng.chance(0.8)) links.emit(rng, id, 'ip', Category.ipHome, homeBase + 1, seen());
  if (household.sharesDevice && (s.householdPos < 2 || rng.chance(0.6))) {
    links.emit(rng, id, 'device', Category.deviceHousehold, hh, seen());
  }
  if (household.isLarge || rng.chance(0.75)) links.emit(rng, id, 'address', Category.addressHousehold, hh, seen());
}

function emitFingerprints(s: AccountState, links: LinkEmitter): void {
  const { rng, plan, id } = s;
  const seen = () => sampleActivityMs(rng, plan.window, s.tzHours, s.createdMs);
  if (rng.chance(0.32 * Math.min(1, s.linkScale))) {
    if (rng.chance(0.55)) links.emit(rng, id, 'fingerprint', Category.fingerprintCommon, plan.commonFingerprints.picker.sample(rng), seen());
    else links.emit(rng, id, 'fingerprint', Category.fingerprintOwn, s.index, seen());
  }
  for (let h = rng.poisson(plan.hubFingerprints.perAccount); h > 0; h--) {
    links.emit(rng, id, 'fingerprint', Category.fingerprintHub, plan.hubFingerprints.picker.sample(rng), seen());
  }
}

/** Farm accounts: a few phones in a rack, datacenter IPs, virtual numbers; peripherals keep a single weak tie. */
export function emitFarmLinks(s: AccountState, farm: DeviceFarm, links: LinkEmitter): void {
  const { rng, plan, id, index: i } = s;
  const setup = () => s.createdMs + rng.next() * 2 * HOUR_MS;
  const seen = () => sampleActivityMs(rng, plan.window, s.tzHours, s.createdMs);
  const r = farm.index;
  const farmDevice = (d: number) => links.emit(rng, id, 'device', Category.deviceFarm, r * 8 + d, setup());
  const farmIp = () => {
    s.onVpn = true;
    links.emit(rng, id, 'ip', Category.ipDatacenter, rng.pick(farm.datacenterIps), seen());
  };
  const farmPhone = () => links.emit(rng, id, 'phone', Category.phoneFarm, r * 4 + rng.int(farm.phones), setup());
  const farmFingerprint = () => links.emit(rng, id, 'fingerprint', Category.fingerprintFarm, r * 2 + rng.int(farm.fingerprints), setup());

  if (rng.chance(0.1)) {
    // peripheral: an account the farm barely touches
    links.emit(rng, id, 'device', Category.deviceOwn, i * OWN_SLOTS, setup());
    s.hasCarrierIp = true;
    links.emit(rng, id, 'ip', Category.ipCarrier, plan.carrierIps.picker.sample(rng), seen());
    if (rng.chance(0.9)) links.emit(rng, id, 'email', Category.emailOwn, i * OWN_SLOTS, setup());
    const tie = rng.int(3);
    if (tie === 0) farmPhone();
    else if (tie === 1) farmIp();
    else farmFingerprint();
    return;
  }
  farmDevice(s.memberPos % farm.devices);
  if (rng.chance(0.3)) farmDevice(rng.int(farm.devices));
  if (rng.chance(0.1)) links.emit(rng, id, 'device', Category.deviceOwn, i * OWN_SLOTS, setup());
  farmIp();
  if (rng.chance(0.4)) farmIp();
  if (rng.chance(0.15)) {
    s.hasCarrierIp = true;
    links.emit(rng, id, 'ip', Category.ipCarrier, plan.carrierIps.picker.sample(rng), seen());
  }
  if (rng.chance(0.7)) farmPhone();
  if (rng.chance(0.9)) links.emit(rng, id, 'email', Category.emailOwn, i * OWN_SLOTS, setup());
  if (rng.chance(0.5)) farmFingerprint();
  if (farm.emulatorHub >= 0 && rng.chance(0.5)) {
    links.emit(rng, id, 'fingerprint', Category.fingerprintHub, farm.emulatorHub, setup());
  }
  if (s.householdIndex >= 0) emitHouseholdTies(s, links);
}

/** Card-ring accounts: own device and carrier IPs each, but a handful of cards and drop addresses between them. */
export function emitCardRingLinks(s: AccountState, ring: CardRing, links: LinkEmitter): void {
  const { rng, plan, id, index: i } = s;
  const seen = () => sampleActivityMs(rng, plan.window, s.tzHours, s.createdMs);
  const soon = () => s.createdMs + rng.next() * 24 * HOUR_MS;
  const r = ring.index;
  const ringCard = () => {
    s.hasCard = true;
    links.emit(rng, id, 'card', Category.cardRing, r * 8 + rng.int(ring.cards), seen());
  };
  links.emit(rng, id, 'device', Category.deviceOwn, i * OWN_SLOTS, soon());
  s.hasCarrierIp = true;
  for (let c = 1 + rng.poisson(0.5); c > 0; c--) links.emit(rng, id, 'ip', Category.ipCarrier, plan.carrierIps.picker.sample(rng), seen());
  if (rng.chance(0.1)) {
    ringCard(); // peripheral: one card, nothing else in common
    return;
  }
  if (s.householdIndex >= 0) emitHouseholdTies(s, links);
  else if (rng.chance(0.3)) {
    s.hasHomeIp = true;
    links.emit(rng, id, 'ip', Category.ipHome, i * 2, seen());
  }
  if (ring.proxyIps > 0 && rng.chance(ring.proxyUse)) {
    links.emit(rng, id, 'ip', Category.ipProxy, r * 2 + rng.int(ring.proxyIps), seen());
  }
  if (rng.chance(0.8)) links.emit(rng, id, 'phone', Category.phoneOwn, i, soon());
  if (rng.chance(0.95)) links.emit(rng, id, 'email', Category.emailOwn, i * OWN_SLOTS, soon());
  ringCard();
  if (rng.chance(0.35)) ringCard();
  if (rng.chance(0.15)) links.emit(rng, id, 'card', Category.cardOwn, i, seen());
  if (rng.chance(0.8)) links.emit(rng, id, 'address', Category.addressRing, r * 4 + rng.int(ring.addresses), seen());
  emitFingerprints(s, links);
}

/** Camouflaged members: a normal person's identifiers plus, sparsely, one or two entries of a small shared pool. */
export function emitCamouflagedLinks(s: AccountState, ring: CamouflagedRing, links: LinkEmitter): void {
  emitPersonalLinks(s, links);
  const { rng, plan, id } = s;
  if (!rng.chance(ring.touchProb)) return;
  for (let t = rng.chance(0.35) ? 2 : 1; t > 0; t--) {
    const k = rng.int(ring.pool.length);
    const type = ring.pool[k] ?? 'device';
    links.emit(rng, id, type, Category.camouflagePool, ring.index * 8 + k, sampleActivityMs(rng, plan.window, s.tzHours, s.createdMs));
  }
}

/** Payment-ring members: a person's own device, home IP, phone and e-mail each, plus one or two of the ring's few
 * cards and, mostly, one of its shipping addresses. */
export function emitPaymentRingLinks(s: AccountState, ring: PaymentRing, links: LinkEmitter): void {
  const { rng, plan, id, index: i } = s;
  const seen = () => sampleActivityMs(rng, plan.window, s.tzHours, s.createdMs);
  const soon = () => s.createdMs + rng.next() * 24 * HOUR_MS;
  const r = ring.index;
  const ringCard = () => {
    s.hasCard = true;
    links.emit(rng, id, 'card', Category.cardRing, r * 8 + rng.int(ring.cards), seen());
  };
  links.emit(rng, id, 'device', Category.deviceOwn, i * OWN_SLOTS, soon());
  s.hasHomeIp = true;
  links.emit(rng, id, 'ip', Category.ipHome, i * 2, seen());
  if (rng.chance(0.5)) {
    s.hasCarrierIp = true;
    links.emit(rng, id, 'ip', Category.ipCarrier, plan.carrierIps.picker.sample(rng), seen());
  }
  if (rng.chance(0.7)) links.emit(rng, id, 'phone', Category.phoneOwn, i, soon());
  if (rng.chance(0.9)) links.emit(rng, id, 'email', Category.emailOwn, i * OWN_SLOTS, soon());
  ringCard();
  if (rng.chance(0.3)) ringCard();
  if (rng.chance(0.85)) links.emit(rng, id, 'address', Category.addressRing, r * 4 + rng.int(ring.addresses), seen());
}

/** Camouflaged-farm members: carrier NAT like anyone on a phone, but devices and proxy IPs from the farm's own pool. */
export function emitCamouflagedFarmLinks(s: AccountState, farm: CamouflagedFarm, links: LinkEmitter): void {
  const { rng, plan, id, index: i } = s;
  const seen = () => sampleActivityMs(rng, plan.window, s.tzHours, s.createdMs);
  const soon = () => s.createdMs + rng.next() * 24 * HOUR_MS;
  const poolDevice = (d: number) => links.emit(rng, id, 'device', Category.devicePool, farm.index * 4096 + d, soon());
  const poolIp = () => links.emit(rng, id, 'ip', Category.ipPool, farm.index * 64 + rng.int(farm.proxyIps), seen());
  poolDevice(s.memberPos % farm.devices);
  if (rng.chance(0.4)) poolDevice(rng.int(farm.devices));
  if (rng.chance(0.2)) links.emit(rng, id, 'device', Category.deviceOwn, i * OWN_SLOTS, soon());
  poolIp();
  if (rng.chance(0.3)) poolIp();
  s.hasCarrierIp = true;
  for (let c = 1 + rng.poisson(0.4); c > 0; c--) links.emit(rng, id, 'ip', Category.ipCarrier, plan.carrierIps.picker.sample(rng), seen());
  if (rng.chance(0.5)) links.emit(rng, id, 'phone', Category.phoneOwn, i, soon());
  if (rng.chance(0.9)) links.emit(rng, id, 'email', Category.emailOwn, i * OWN_SLOTS, soon());
  emitFingerprints(s, links);
}

/** Big-farm members: `devicesPerAccount` distinct devices of the farm's pool, a carrier IP and an e-mail. */
export function emitBigFarmLinks(s: AccountState, farm: BigFarm, links: LinkEmitter): void {
  const { rng, plan, id, index: i } = s;
  const setup = () => s.createdMs + rng.next() * 2 * HOUR_MS;
  const first = s.memberPos % farm.devices;
  const chosen = [first];
  // distinct devices: draw until k differ (k is small next to the pool)
  for (let tries = 0; chosen.length < farm.devicesPerAccount && tries < 64; tries++) {
    const d = rng.int(farm.devices);
    if (!chosen.includes(d)) chosen.push(d);
  }
  for (const d of chosen) links.emit(rng, id, 'device', Category.devicePool, farm.index * 4096 + d, setup());
  s.hasCarrierIp = true;
  links.emit(rng, id, 'ip', Category.ipCarrier, plan.carrierIps.picker.sample(rng), setup());
  if (rng.chance(0.8)) links.emit(rng, id, 'email', Category.emailOwn, i * OWN_SLOTS, setup());
}

/** Bulk-registered accounts: the default device id thousands report, a carrier IP, an e-mail; nothing rarer. */
export function emitBulkRegistrationLinks(s: AccountState, ring: BulkRegistration, links: LinkEmitter): void {
  const { rng, plan, id, index: i } = s;
  const setup = () => s.createdMs + rng.next() * 10 * 60_000;
  links.emit(rng, id, 'device', Category.deviceHub, ring.hubDevice, setup());
  s.hasCarrierIp = true;
  links.emit(rng, id, 'ip', Category.ipCarrier, plan.carrierIps.picker.sample(rng), setup());
  if (rng.chance(0.9)) links.emit(rng, id, 'email', Category.emailOwn, i * OWN_SLOTS, setup());
}
