import { describe, expect, it } from 'vitest';
import { detectFindings } from '../../src/run/detect-findings.js';
import { resolveConfig } from '../../src/schema/config.js';
import { FindingsSchema } from '../../src/schema/findings.js';
import { createRng } from '../../src/lib/rng.js';
import { RING_SCORE_WEIGHTS } from '../../src/score/ring-score.js';
import { DAY_MS, EPOCH, background, buildDataset, type TestAccount, type TestAction, type TestLink } from '../helpers/dataset-builder.js';

const config = resolveConfig({});

/** A background where every account also has its own IP, address and card: sharing any of them is unusual. */
function fullBackground(count: number): { accounts: TestAccount[]; links: TestLink[] } {
  const bg = background(count);
  for (const a of bg.accounts) {
    bg.links.push({ account: a.id, type: 'ip', value: `ip-${a.id}` }, { account: a.id, type: 'address', value: `addr-${a.id}` }, { account: a.id, type: 'card', value: `card-${a.id}` });
  }
  return bg;
}

function flaggedIds(findings: ReturnType<typeof detectFindings>): Set<string> {
  return new Set(findings.accounts.filter((a) => a.flagged).map((a) => a.account));
}

describe('detectFindings on hand-built scenarios', () => {
  it('a household of 3 sharing a device, home IP and address is not flagged, even where everyone else has their own of each', () => {
    const bg = fullBackground(500);
    const accounts: TestAccount[] = [...bg.accounts];
    const links: TestLink[] = [...bg.links];
    for (const [i, id] of ['h1', 'h2', 'h3'].entries()) {
      accounts.push({ id, createdAt: EPOCH - (300 + i * 200) * DAY_MS });
      links.push({ account: id, type: 'device', value: 'tablet' }, { account: id, type: 'ip', value: 'home' }, { account: id, type: 'address', value: 'addr' });
    }
    const findings = detectFindings(buildDataset(accounts, links), config);
    // Two or three accounts can be a candidate ring now (minRingSize 2); identical member sets count as one fact.
    expect(findings.rings).toHaveLength(1);
    expect(findings.rings[0]!.features.sharingSets).toBe(1);
    expect(findings.rings[0]!.score).toBeLessThan(config.flagThreshold);
    expect(flaggedIds(findings).size).toBe(0);
  });

  it('30 accounts on 3 devices (each on one or two) created within 2 hours are all flagged and nobody else, with reasons in words', () => {
    const { accounts, links } = farmOf30();
    const findings = detectFindings(buildDataset(accounts, links), config);
    FindingsSchema.parse(findings);
    expect([...flaggedIds(findings)].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `f${i}`).sort());
    for (const ring of findings.rings.filter((r) => r.flagged)) {
      const texts = ring.reasons.map((r) => r.text).join(' | ');
      expect(texts).toContain(`${ring.size} accounts share 3 devices`);
      expect(texts).toContain(`${ring.size} of ${ring.size} created within 3 hours`);
    }
    expect(findings.graphs.length).toBe(findings.summary.ringsFlagged);
    expect(findings.graphs[0]!.entities.map((e) => e.id)).toContain('device:farmdev0');
    // What the graph build learned and which weights scored the rings are in the summary.
    expect(findings.summary.evidence!.hubDegree).toBeGreaterThanOrEqual(config.minHubDegree);
    expect(findings.summary.scoring!.weightsSource).toBe('defaults');
  });

  it('30 accounts on 3 devices created within 2 hours come out as one ring', () => {
    const { accounts, links } = farmOf30();
    const findings = detectFindings(buildDataset(accounts, links), config);
    expect(findings.summary.ringsFlagged).toBe(1);
    expect(findings.rings[0]!.size).toBe(30);
  });

  it('fans of one viral post acting within the same seconds are not linked', () => {
    const bg = background(600);
    const actions: TestAction[] = [];
    for (let i = 0; i < 600; i++) actions.push({ account: `bg${i}`, target: 'viral', ts: 1_000_000 + Math.floor(i / 20) });
    for (let i = 0; i < 100; i++) actions.push({ account: `bg${i}`, target: 'calm', ts: 2_000_000 + i * 600 });
    const findings = detectFindings(buildDataset(bg.accounts, bg.links, actions), config);
    expect(findings.summary.graph.synchronyEdges).toBe(0);
    expect(findings.rings).toHaveLength(0);
  });

  it('a pod sharing nothing but acting together on 20 targets within seconds is found', () => {
    const bg = background(1000);
    const actions: TestAction[] = [];
    for (let t = 0; t < 20; t++) {
      for (let i = 0; i < 15; i++) actions.push({ account: `bg${i * 7}`, target: `post${t}`, ts: 5_000_000 + t * 3600 + ((i * 3) % 25) });
    }
    // background noise: everyone likes random posts at random times
    for (let i = 0; i < 1000; i++) actions.push({ account: `bg${i}`, target: `post${i % 40}`, ts: 9_000_000 + i * 997 });
    const findings = detectFindings(buildDataset(bg.accounts, bg.links, actions), config);
    const pod = new Set(Array.from({ length: 15 }, (_, i) => `bg${i * 7}`));
    const flagged = flaggedIds(findings);
    expect([...flagged].sort()).toEqual([...pod].sort());
    const ring = findings.rings.find((r) => r.flagged)!;
    expect(ring.reasons[0]!.code).toBe('synchronized_actions');
    expect(ring.reasons[0]!.text).toMatch(/^acted on the same 20 targets.*typically \d+ s apart$/);
    // The data itself said which time scales carry coordination: seconds, not the 10-minute or 1-hour bands.
    const scales = findings.summary.evidence!.syncScales;
    expect(scales.find((b) => b.upToSec === 10)!.weight).toBeGreaterThan(0.9);
    expect(scales.find((b) => b.upToSec === 600)!.weight).toBe(0);
    expect(scales.find((b) => b.upToSec === 3600)!.weight).toBe(0);
  });

  it('a small card ring buying the same niche products is flagged; its own targets are one of the reasons', () => {
    // Cards and addresses are judged against their own type: here every other account has its own.
    const bg = fullBackground(2000);
    const accounts: TestAccount[] = [...bg.accounts];
    const links: TestLink[] = [...bg.links];
    const actions: TestAction[] = [];
    for (let i = 0; i < 8; i++) {
      const id = `k${i}`;
      accounts.push({ id, createdAt: EPOCH - 30 * DAY_MS + i * 2 * DAY_MS });
      links.push({ account: id, type: 'card', value: `card${i % 2}` }, { account: id, type: 'address', value: 'drop' }, { account: id, type: 'device', value: `own${i}` });
      for (let p = 0; p < 4; p++) actions.push({ account: id, action: 'purchase', target: `product${p}`, ts: 1_000_000 + p * 86_400 + i * 600 });
    }
    // everyone, ring included, also likes one hit post: that is not the ring's own target
    for (let i = 0; i < 2000; i += 3) actions.push({ account: `bg${i}`, target: 'hit', ts: 2_000_000 + i * 97 });
    const findings = detectFindings(buildDataset(accounts, links, actions), config);
    const ring = findings.rings.find((r) => r.flagged)!;
    expect(ring.size).toBe(8);
    expect([...flaggedIds(findings)].sort()).toEqual(Array.from({ length: 8 }, (_, i) => `k${i}`));
    expect(ring.features.ownTargets).toBe(4);
    expect(ring.reasons.map((r) => r.text)).toContain('4 targets got most of their activity from these accounts');
  });

  it('an office of 40 sharing one IP with spread-out creation is not flagged, even where everyone else has their own IP', () => {
    const bg = fullBackground(2000);
    const accounts: TestAccount[] = [...bg.accounts];
    const links: TestLink[] = [...bg.links];
    for (let i = 0; i < 40; i++) {
      accounts.push({ id: `o${i}`, createdAt: EPOCH - (i * 23 + 5) * DAY_MS });
      links.push({ account: `o${i}`, type: 'ip', value: 'office' }, { account: `o${i}`, type: 'device', value: `od${i}` });
    }
    const findings = detectFindings(buildDataset(accounts, links), config);
    expect(flaggedIds(findings).size).toBe(0);
  });

  it('a carrier NAT IP shared by 5,000 accounts is a hub and creates no edges', () => {
    const bg = background(5000);
    const links = [...bg.links, ...bg.accounts.map((a) => ({ account: a.id, type: 'ip', value: 'nat' }))];
    const findings = detectFindings(buildDataset(bg.accounts, links), config);
    expect(findings.summary.hubEntities).toBe(1);
    expect(findings.summary.graph.edges).toBe(0);
  });

  it('is deterministic: the same input and seed give byte-identical findings', () => {
    const bg = background(800);
    const accounts: TestAccount[] = [...bg.accounts];
    const links: TestLink[] = [...bg.links];
    for (let i = 0; i < 24; i++) {
      accounts.push({ id: `c${i}`, createdAt: EPOCH - 10 * DAY_MS + i * 3_600_000 });
      links.push({ account: `c${i}`, type: 'card', value: `card${i % 4}` }, { account: `c${i}`, type: 'address', value: `a${i % 2}` });
    }
    const run = () => JSON.stringify(detectFindings(buildDataset(accounts, links), config));
    expect(run()).toBe(run());
  });

  it('a payment ring of 12 created over a year, each on its own device, sharing 3 cards and 2 addresses and doing nothing else, is flagged', () => {
    const bg = fullBackground(5000);
    const accounts: TestAccount[] = [...bg.accounts];
    const links: TestLink[] = [...bg.links];
    for (let i = 0; i < 12; i++) {
      accounts.push({ id: `p${i}`, createdAt: EPOCH - 400 * DAY_MS + i * 31 * DAY_MS });
      links.push({ account: `p${i}`, type: 'device', value: `pdev${i}` }, { account: `p${i}`, type: 'card', value: `pcard${i % 3}` }, { account: `p${i}`, type: 'address', value: `paddr${i % 2}` });
    }
    const findings = detectFindings(buildDataset(accounts, links), config);
    expect([...flaggedIds(findings)].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `p${i}`).sort());
    expect(findings.rings[0]!.features.creationBurstCount).toBeLessThan(3);
    expect(findings.rings[0]!.reasons[0]!.code).toBe('shared_identifiers');
  });

  it('a camouflaged farm of 300 created over a year on a pool of 30 devices that nobody else uses is flagged, and nobody else', () => {
    const { accounts, links } = camouflagedFarm();
    const findings = detectFindings(buildDataset(accounts, links), config);
    const flagged = flaggedIds(findings);
    expect(flagged.size).toBe(300);
    expect([...flagged].every((id) => id.startsWith('s'))).toBe(true);
    expect(findings.summary.evidence!.registrationBursts).toEqual([]);
  });

  it('a camouflaged farm of 300 on a pool of 30 devices comes out as one ring', () => {
    const { accounts, links } = camouflagedFarm();
    const findings = detectFindings(buildDataset(accounts, links), config);
    expect(findings.summary.ringsFlagged).toBe(1);
    expect(findings.rings[0]!.size).toBe(300);
  });

  it('1,500 accounts each on 4 of 120 devices, registered within one hour, are all flagged and nobody else', () => {
    const { accounts, links } = bigFarm();
    const findings = detectFindings(buildDataset(accounts, links), config);
    const flagged = flaggedIds(findings);
    expect(flagged.size).toBe(1500);
    expect([...flagged].every((id) => id.startsWith('F'))).toBe(true);
    expect(findings.summary.evidence!.registrationBursts.map((b) => b.accounts)).toEqual([1500]);
  });

  it('1,500 accounts each on 4 of 120 devices, registered within one hour, come out as one ring', () => {
    const { accounts, links } = bigFarm();
    const findings = detectFindings(buildDataset(accounts, links), config);
    expect(findings.summary.ringsFlagged).toBe(1);
  });

  it('with 10 labelled fraud rings and 10 labelled benign households the run fits weights, checks them out of fold against the defaults and reports both AUCs', () => {
    const bg = fullBackground(3000);
    const accounts: TestAccount[] = [...bg.accounts];
    const links: TestLink[] = [...bg.links];
    const fraud: string[] = [];
    for (let r = 0; r < 10; r++) {
      for (let i = 0; i < 6; i++) {
        const id = `k${r}-${i}`;
        accounts.push({ id, createdAt: EPOCH - (30 + r * 40) * DAY_MS + i * 2 * DAY_MS });
        links.push({ account: id, type: 'card', value: `k${r}-card${i % 2}` }, { account: id, type: 'address', value: `k${r}-drop${i % 3}` });
        fraud.push(id);
      }
      for (let i = 0; i < 3; i++) {
        const id = `h${r}-${i}`;
        accounts.push({ id, createdAt: EPOCH - (200 + r * 30 + i * 300) * DAY_MS });
        links.push({ account: id, type: 'device', value: `h${r}-tablet` }, { account: id, type: 'address', value: `h${r}-home` });
      }
    }
    // buildDataset labels every account not listed as fraud benign.
    const dataset = buildDataset(accounts, links, [], fraud);
    const findings = detectFindings(dataset, config);
    FindingsSchema.parse(findings);
    const scoring = findings.summary.scoring!;
    expect(scoring.labelledRings.fraud).toBe(10);
    expect(scoring.labelledRings.benign).toBe(10);
    expect(scoring.labelledAccounts).toBe(90);
    // Card rings and households are told apart out of fold too; the defaults already rank them all right, so the
    // learned weights cannot do better and the defaults stay.
    expect(scoring.heldOutAuc).toBeGreaterThan(0.9);
    expect(scoring.defaultAuc).toBe(1);
    expect(scoring.weightsSource).toBe('defaults');
    expect(scoring.weights).toEqual(RING_SCORE_WEIGHTS);
    expect(scoring.note).toMatch(/^default weights: weights learned from \d+ labelled accounts in \d+ rings ranked them no better/);
    expect(JSON.stringify(detectFindings(dataset, config))).toBe(JSON.stringify(findings));
    const off = detectFindings(dataset, { ...config, learnFromLabels: false }).summary.scoring!;
    expect(off.weightsSource).toBe('defaults');
  });

  it('shuffling the order of account and link rows changes no ring, score or flag', () => {
    const { accounts, links } = farmOf30();
    const summary = (a: TestAccount[], l: TestLink[]) =>
      detectFindings(buildDataset(a, l), config).rings.map((r) => `${r.id}:${r.score}:${r.flagged}`).sort();
    const reversed = summary([...accounts].reverse(), [...links].reverse());
    expect(reversed).toEqual(summary(accounts, links));
    expect(reversed.length).toBeGreaterThan(0);
  });
});

/** 30 farm accounts made 4 minutes apart over 2 hours, on 3 devices and one data-centre IP, amid 2,000 ordinary accounts. */
function farmOf30(): { accounts: TestAccount[]; links: TestLink[] } {
  const bg = background(2000);
  const accounts: TestAccount[] = [...bg.accounts];
  const links: TestLink[] = [...bg.links];
  for (let i = 0; i < 30; i++) {
    const id = `f${i}`;
    // 3 h past a background account's creation, so no ordinary account is registered inside the farm's 2 hours.
    accounts.push({ id, createdAt: EPOCH - 40 * DAY_MS + 3 * 3_600_000 + i * 4 * 60_000 });
    links.push({ account: id, type: 'device', value: `farmdev${i % 3}` }, { account: id, type: 'ip', value: 'dc1' });
    if (i % 2 === 0) links.push({ account: id, type: 'device', value: `farmdev${(i + 1) % 3}` });
  }
  return { accounts, links };
}

/** The farm of issue 9: 1,500 accounts registered within one hour, each on 4 of a pool of 120 devices, amid 5,000 ordinary accounts. */
function bigFarm(): { accounts: TestAccount[]; links: TestLink[] } {
  const bg = fullBackground(5000);
  const accounts: TestAccount[] = [...bg.accounts];
  const links: TestLink[] = [...bg.links];
  const random = createRng(3);
  for (let i = 0; i < 1500; i++) {
    accounts.push({ id: `F${i}`, createdAt: EPOCH - 100 * DAY_MS + 3 * 3_600_000 + Math.floor(random() * 3_600_000) });
    const devices = new Set<number>();
    while (devices.size < 4) devices.add(Math.floor(random() * 120));
    for (const d of devices) links.push({ account: `F${i}`, type: 'device', value: `pool${d}` });
  }
  return { accounts, links };
}

/** 300 accounts created 29 hours apart over a year, each on 3 random devices of a pool of 30, amid 20,000 ordinary accounts
 * (the farm's 900 device links are then 4 % of its type's; among 5,000 its own links dilute its devices' surprise and
 * only 281 of the 300 are flagged, measured with seed 9). */
function camouflagedFarm(): { accounts: TestAccount[]; links: TestLink[] } {
  const bg = fullBackground(20_000);
  const accounts: TestAccount[] = [...bg.accounts];
  const links: TestLink[] = [...bg.links];
  const random = createRng(9);
  for (let i = 0; i < 300; i++) {
    accounts.push({ id: `s${i}`, createdAt: EPOCH - 400 * DAY_MS + i * 29 * 3_600_000 });
    const devices = new Set<number>();
    while (devices.size < 3) devices.add(Math.floor(random() * 30));
    for (const d of devices) links.push({ account: `s${i}`, type: 'device', value: `pool${d}` });
  }
  return { accounts, links };
}
