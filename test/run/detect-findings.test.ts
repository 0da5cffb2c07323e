import { describe, expect, it } from 'vitest';
import { detectFindings } from '../../src/run/detect-findings.js';
import { resolveConfig } from '../../src/schema/config.js';
import { FindingsSchema } from '../../src/schema/findings.js';
import { DAY_MS, EPOCH, background, buildDataset, type TestAccount, type TestAction, type TestLink } from '../helpers/dataset-builder.js';

const config = resolveConfig({});

function flaggedIds(findings: ReturnType<typeof detectFindings>): Set<string> {
  return new Set(findings.accounts.filter((a) => a.flagged).map((a) => a.account));
}

describe('detectFindings on hand-built scenarios', () => {
  it('a household of 3 sharing a device, home IP and address is not a ring', () => {
    const bg = background(500);
    const accounts: TestAccount[] = [...bg.accounts];
    const links: TestLink[] = [...bg.links];
    for (const [i, id] of ['h1', 'h2', 'h3'].entries()) {
      accounts.push({ id, createdAt: EPOCH - (300 + i * 200) * DAY_MS });
      links.push({ account: id, type: 'device', value: 'tablet' }, { account: id, type: 'ip', value: 'home' }, { account: id, type: 'address', value: 'addr' });
    }
    const findings = detectFindings(buildDataset(accounts, links), config);
    expect(findings.rings).toHaveLength(0);
    expect(flaggedIds(findings).size).toBe(0);
  });

  it('30 accounts on 3 devices (each on one or two) created within 2 hours are flagged as one ring, with reasons in words', () => {
    const bg = background(2000);
    const accounts: TestAccount[] = [...bg.accounts];
    const links: TestLink[] = [...bg.links];
    for (let i = 0; i < 30; i++) {
      const id = `f${i}`;
      accounts.push({ id, createdAt: EPOCH - 40 * DAY_MS + i * 4 * 60_000 });
      links.push({ account: id, type: 'device', value: `farmdev${i % 3}` }, { account: id, type: 'ip', value: 'dc1' });
      if (i % 2 === 0) links.push({ account: id, type: 'device', value: `farmdev${(i + 1) % 3}` });
    }
    const findings = detectFindings(buildDataset(accounts, links), config);
    FindingsSchema.parse(findings);
    const flagged = flaggedIds(findings);
    expect(flagged.size).toBe(30);
    for (let i = 0; i < 30; i++) expect(flagged.has(`f${i}`)).toBe(true);
    const ring = findings.rings.find((r) => r.flagged)!;
    const texts = ring.reasons.map((r) => r.text).join(' | ');
    expect(texts).toContain('30 accounts share 3 devices');
    expect(texts).toMatch(/30 of 30 created within 3 hours/);
    expect(findings.graphs).toHaveLength(1);
    expect(findings.graphs[0]!.entities.map((e) => e.id)).toContain('device:farmdev0');
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
    expect(ring.reasons[0]!.text).toBe('acted on 20 of the same targets within 30 s of each other');
  });

  it('a small card ring buying the same niche products is flagged; its own targets are one of the reasons', () => {
    const bg = background(2000);
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
    expect(ring.features.ownTargets).toBe(4);
    expect(ring.reasons.map((r) => r.text)).toContain('4 targets got most of their activity from these accounts');
  });

  it('an office of 40 sharing one IP with spread-out creation is not flagged', () => {
    const bg = background(2000);
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
});
