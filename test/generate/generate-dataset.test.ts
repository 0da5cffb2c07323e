import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDatasetGenerator } from '../../src/generate/generate-dataset.js';
import { BENIGN_KINDS, GENERATE_DEFAULTS, RING_KINDS } from '../../src/generate/generate-options.js';
import { formatRecord } from '../../src/generate/record-format.js';
import { RECORD_SCHEMAS } from '../../src/schema/input.js';
import { collectDataset, entityDegrees, median, nullSink, type CollectedDataset } from './collect-dataset.js';

const DAY_MS = 86_400_000;
const START = GENERATE_DEFAULTS.startMs;
const END = START + 30 * DAY_MS;

function digest(data: CollectedDataset): string {
  const hash = createHash('sha256');
  for (const r of data.accounts) hash.update(formatRecord('ndjson', 'accounts', r));
  for (const r of data.links) hash.update(formatRecord('ndjson', 'links', r));
  for (const r of data.actions) hash.update(formatRecord('ndjson', 'actions', r));
  for (const r of data.labels) hash.update(formatRecord('ndjson', 'labels', r));
  for (const r of data.truth) hash.update(formatRecord('ndjson', 'truth', r));
  for (const r of data.lookalikes) hash.update(formatRecord('ndjson', 'lookalikes', r));
  return hash.digest('hex');
}

function ringsOf(data: CollectedDataset): Map<string, { kind: string; members: Set<string> }> {
  const rings = new Map<string, { kind: string; members: Set<string> }>();
  for (const t of data.truth) {
    let ring = rings.get(t.ring);
    if (!ring) rings.set(t.ring, (ring = { kind: t.kind, members: new Set() }));
    ring.members.add(t.account);
  }
  return rings;
}

describe('generateDataset determinism', () => {
  it('the same seed gives byte-identical records; another seed gives different ones', () => {
    const a = digest(collectDataset({ accounts: 1500, seed: 3 }));
    const b = digest(collectDataset({ accounts: 1500, seed: 3 }));
    const c = digest(collectDataset({ accounts: 1500, seed: 4 }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('block size does not change the output (each account has its own random stream)', () => {
    const whole = collectDataset({ accounts: 800, seed: 5 });
    const generator = createDatasetGenerator({ accounts: 800, seed: 5 });
    const links: string[] = [];
    const sink = nullSink({ link: (r) => void links.push(formatRecord('ndjson', 'links', r)) });
    while (generator.emitNext(sink, 37));
    expect(links).toEqual(whole.links.map((r) => formatRecord('ndjson', 'links', r)));
    expect(generator.summary().records).toEqual(whole.summary.records);
  });
});

describe('a 4,000-account dataset (seed 7, fraud share 0.08)', () => {
  let data: CollectedDataset;
  beforeAll(() => {
    data = collectDataset({ accounts: 4000, seed: 7, fraudShare: 0.08 });
  });

  it('every ring kind of the default mix that fits 320 fraud accounts, and every benign look-alike kind, is present', () => {
    // big farms are not in the default mix; bulk registrations (80+ accounts) need a bigger population
    const kinds = RING_KINDS.filter((kind) => kind !== 'big_farm' && kind !== 'bulk_registration');
    const isSmallShare = (kind: string) => kind === 'payment_ring' || kind === 'camouflaged_farm' || kind === 'sockpuppet_group';
    for (const kind of kinds) expect(data.summary.ringsByKind[kind], kind).toBeGreaterThanOrEqual(isSmallShare(kind) ? 1 : 2);
    for (const kind of [...kinds, ...BENIGN_KINDS]) expect(data.summary.accountsByKind[kind], kind).toBeGreaterThan(0);
    expect(data.summary.fraudAccounts / 4000).toBeGreaterThan(0.06);
    expect(data.summary.fraudAccounts / 4000).toBeLessThan(0.1);
  });

  it('the summary counts match the records', () => {
    expect(data.summary.records).toEqual({
      accounts: data.accounts.length,
      links: data.links.length,
      actions: data.actions.length,
      labels: data.labels.length,
      truth: data.truth.length,
      lookalikes: data.lookalikes.length,
    });
    const byKind = new Map<string, number>();
    for (const r of [...data.truth, ...data.lookalikes]) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
    for (const [kind, count] of byKind) expect(data.summary.accountsByKind[kind]).toBe(count);
    expect(ringsOf(data).size).toBe(Object.values(data.summary.ringsByKind).reduce((a, b) => a + b, 0));
  });

  it('every account is in exactly one of truth (ring members: ring and ring kind) and lookalikes (a look-alike kind)', () => {
    const ids = data.accounts.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...data.truth, ...data.lookalikes].map((r) => r.account).sort()).toEqual([...ids].sort());
    for (const t of data.truth) {
      expect(t.ring).toMatch(/\S/);
      expect(RING_KINDS).toContain(t.kind);
    }
    for (const l of data.lookalikes) expect(BENIGN_KINDS).toContain(l.kind);
  });

  it('labels are partial input and carry no truth: about 20 % of ring members as fraud, 1 % of the others as benign', () => {
    for (const label of data.labels) expect(Object.keys(label).sort()).toEqual(['account', 'label']);
    const members = new Set(data.truth.map((t) => t.account));
    const fraud = data.labels.filter((l) => l.label === 'fraud');
    const benign = data.labels.filter((l) => l.label === 'benign');
    expect(fraud.every((l) => members.has(l.account))).toBe(true);
    expect(benign.every((l) => !members.has(l.account))).toBe(true);
    expect(fraud.length / members.size).toBeGreaterThan(0.14);
    expect(fraud.length / members.size).toBeLessThan(0.26);
    expect(benign.length / data.lookalikes.length).toBeGreaterThan(0.006);
    expect(benign.length / data.lookalikes.length).toBeLessThan(0.014);
  });

  it('every record validates against the input schemas', () => {
    const files = { accounts: data.accounts, links: data.links, actions: data.actions, labels: data.labels } as const;
    for (const [file, records] of Object.entries(files)) {
      const schema = RECORD_SCHEMAS[file as keyof typeof files];
      const failures = records.filter((r) => !schema.safeParse(r).success);
      expect(failures, file).toEqual([]);
    }
  });

  it('values, account ids and targets are opaque: nothing spells a role', () => {
    const hint = /farm|nat|ring|pod|office|wifi|vpn|hub|fraud|house|emul|proxy|data|bot|fake|camo/i;
    const spelled = [
      ...data.accounts.map((a) => a.id),
      ...data.links.map((l) => l.value),
      ...data.actions.map((a) => a.target),
    ].filter((text) => hint.test(text));
    expect(spelled).toEqual([]);
    // one shape per type whatever the role: d_ + 8 hex for every device
    for (const link of data.links) expect(link.value).toMatch(/^[a-z]_[0-9a-f]{8}$/);
    for (const account of data.accounts) expect(account.id).toMatch(/^u[0-9a-z]{7}$/);
  });

  it('links and actions per account are near their configured means', () => {
    expect(data.links.length / 4000).toBeGreaterThan(4.2);
    expect(data.links.length / 4000).toBeLessThan(5.8);
    expect(data.actions.length / 4000).toBeGreaterThan(9.5);
    expect(data.actions.length / 4000).toBeLessThan(15);
  });

  it('entity sharing is heavy-tailed: the busiest IP serves far more accounts than the median one', () => {
    const ipDegrees = [...entityDegrees(data.links.filter((l) => l.type === 'ip')).values()];
    expect(median(ipDegrees)).toBeLessThanOrEqual(2);
    expect(Math.max(...ipDegrees)).toBeGreaterThan(300);
    // hubs of every size in between, not two clusters
    expect(ipDegrees.filter((d) => d >= 100).length).toBeGreaterThan(3);
    const perAccount = new Map<string, number>();
    for (const a of data.actions) perAccount.set(a.account, (perAccount.get(a.account) ?? 0) + 1);
    const counts = [...perAccount.values()];
    expect(Math.max(...counts)).toBeGreaterThan(8 * median(counts));
  });

  it('timestamps: actions fall in the window after their account exists; signups span years with some inside the window', () => {
    const created = new Map(data.accounts.map((a) => [a.id, Date.parse(a.createdAt)]));
    const outside = data.actions.filter((a) => a.ts < START || a.ts >= END || a.ts < created.get(a.account)! - 1000);
    expect(outside).toEqual([]);
    const times = [...created.values()];
    expect(Math.max(...times)).toBeLessThan(END);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(2 * 365 * DAY_MS);
    expect(times.filter((t) => t >= START).length).toBeGreaterThan(40);
  });

  it('device farms pack many accounts on few devices, created in a burst', () => {
    const degrees = entityDegrees(data.links);
    for (const ring of [...ringsOf(data).values()].filter((r) => r.kind === 'device_farm')) {
      const devices = new Set(data.links.filter((l) => l.type === 'device' && ring.members.has(l.account)).map((l) => l.value));
      const sharedDevices = [...devices].filter((d) => (degrees.get(`device\u0000${d}`) ?? 0) >= 3);
      expect(ring.members.size / sharedDevices.length).toBeGreaterThanOrEqual(3);
      const created = data.accounts.filter((a) => ring.members.has(a.id)).map((a) => Date.parse(a.createdAt));
      const mid = median(created);
      const inBurst = created.filter((t) => Math.abs(t - mid) < 6 * 3_600_000).length;
      expect(inBurst / created.length).toBeGreaterThan(0.6);
    }
  });

  it('card rings share cards but never a device; engagement pods share nothing but hubs, yet act in sync', () => {
    const degrees = entityDegrees(data.links);
    const rings = [...ringsOf(data).values()];
    for (const ring of rings.filter((r) => r.kind === 'card_ring')) {
      const ringLinks = data.links.filter((l) => ring.members.has(l.account));
      const within = entityDegrees(ringLinks);
      expect([...within].filter(([key, d]) => key.startsWith('card') && d >= 2).length).toBeGreaterThan(0);
      expect([...within].filter(([key, d]) => key.startsWith('device') && d >= 2)).toEqual([]);
    }
    for (const ring of rings.filter((r) => r.kind === 'engagement_pod')) {
      const within = entityDegrees(data.links.filter((l) => ring.members.has(l.account)));
      // at most a chance coincidence of two members on a common browser configuration, never a real tie
      const sharedSmall = [...within].filter(([key, d]) => d >= 3 && (degrees.get(key) ?? 0) < 60);
      expect(sharedSmall).toEqual([]);
      // targets where at least half the pod acted within 30 s of each other
      const byTarget = new Map<string, number[]>();
      for (const a of data.actions) if (ring.members.has(a.account)) byTarget.set(a.target, [...(byTarget.get(a.target) ?? []), a.ts]);
      const synced = [...byTarget.values()].filter((ts) => {
        ts.sort((x, y) => x - y);
        for (let i = 0, j = 0; i < ts.length; i++) {
          while (ts[i]! - ts[j]! > 30_000) j++;
          if (i - j + 1 >= ring.members.size / 2) return true;
        }
        return false;
      });
      expect(synced.length).toBeGreaterThanOrEqual(10);
    }
  });

  it('viral posts draw dozens of benign fans within minutes', () => {
    const members = new Set(data.truth.map((t) => t.account));
    const labels = new Map(data.accounts.map((a) => [a.id, members.has(a.id) ? 'fraud' : 'benign']));
    const byTarget = new Map<string, { ts: number; account: string }[]>();
    for (const a of data.actions) byTarget.set(a.target, [...(byTarget.get(a.target) ?? []), a]);
    let viral = 0;
    for (const actions of byTarget.values()) {
      actions.sort((x, y) => x.ts - y.ts);
      for (let i = 0, j = 0; i < actions.length; i++) {
        while (actions[i]!.ts - actions[j]!.ts > 10 * 60_000) j++;
        const window = actions.slice(j, i + 1);
        if (window.length >= 25 && window.filter((a) => labels.get(a.account) === 'benign').length >= 0.85 * window.length) {
          viral++;
          break;
        }
      }
    }
    expect(viral).toBeGreaterThanOrEqual(2);
  });
});
