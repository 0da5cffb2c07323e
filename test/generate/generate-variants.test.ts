import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { generateDataset } from '../../src/generate/generate-dataset.js';
import type { GenerateOptions } from '../../src/generate/generate-options.js';
import { collectDataset, entityDegrees, nullSink, type CollectedDataset } from './collect-dataset.js';

const BASE: GenerateOptions = { accounts: 2500, seed: 21, fraudShare: 0.08 };
const noop = nullSink();

describe('generator variants the detector was not tuned on', () => {
  let base: CollectedDataset;
  beforeAll(() => {
    base = collectDataset(BASE);
  });

  it('only IPs: every link is an IP, the rest of the dataset is unchanged, farms still share rare IPs', () => {
    const onlyIp = collectDataset({ ...BASE, linkTypes: ['ip'] });
    expect(new Set(onlyIp.links.map((l) => l.type))).toEqual(new Set(['ip']));
    expect(onlyIp.links).toEqual(base.links.filter((l) => l.type === 'ip'));
    expect(onlyIp.labels).toEqual(base.labels);
    expect(onlyIp.truth).toEqual(base.truth);
    expect(onlyIp.lookalikes).toEqual(base.lookalikes);
    expect(onlyIp.actions).toEqual(base.actions);
    const degrees = entityDegrees(onlyIp.links);
    const farms = new Map<string, Set<string>>();
    for (const t of onlyIp.truth) if (t.kind === 'device_farm') farms.set(t.ring, (farms.get(t.ring) ?? new Set()).add(t.account));
    expect(farms.size).toBeGreaterThan(0);
    for (const members of farms.values()) {
      const within = entityDegrees(onlyIp.links.filter((l) => members.has(l.account)));
      // an IP most of whose users are this farm's members
      const signal = [...within].filter(([key, d]) => d >= 5 && d >= 0.2 * (degrees.get(key) ?? Infinity));
      expect(signal.length).toBeGreaterThan(0);
    }
  });

  it('renamed types: device becomes wallet everywhere, values keep their shape and count', () => {
    const renamed = collectDataset({ ...BASE, renameTypes: { device: 'wallet', ip: 'net,addr' } });
    const types = new Set(renamed.links.map((l) => l.type));
    expect(types.has('device')).toBe(false);
    expect(types.has('wallet')).toBe(true);
    expect(types.has('net,addr')).toBe(true);
    expect(renamed.links.length).toBe(base.links.length);
    expect(renamed.links.filter((l) => l.type === 'wallet').length).toBe(base.links.filter((l) => l.type === 'device').length);
    for (const l of renamed.links.filter((x) => x.type === 'wallet')) expect(l.value).toMatch(/^w_[0-9a-f]{8}$/);
    expect(renamed.labels).toEqual(base.labels);
    expect(renamed.truth).toEqual(base.truth);
  });

  it('no links: no link rows, the same accounts, actions and labels', () => {
    const noLinks = collectDataset({ ...BASE, withLinks: false });
    expect(noLinks.links).toEqual([]);
    expect(noLinks.summary.records.links).toBe(0);
    expect(noLinks.accounts).toEqual(base.accounts);
    expect(noLinks.actions).toEqual(base.actions);
    expect(noLinks.labels).toEqual(base.labels);
    expect(noLinks.truth).toEqual(base.truth);
  });

  it('no actions: no action rows, the same accounts, links and labels', () => {
    const noActions = collectDataset({ ...BASE, withActions: false });
    expect(noActions.actions).toEqual([]);
    expect(noActions.summary.records.actions).toBe(0);
    expect(noActions.links).toEqual(base.links);
    expect(noActions.labels).toEqual(base.labels);
    expect(noActions.truth).toEqual(base.truth);
  });

  it('a kind mix with a single kind plants only that kind', () => {
    const pods = collectDataset({ ...BASE, kindMix: { engagement_pod: 1 } });
    expect(Object.entries(pods.summary.ringsByKind).filter(([, n]) => n > 0).map(([k]) => k)).toEqual(['engagement_pod']);
    expect(pods.summary.fraudAccounts).toBeGreaterThan(150);
  });

  it('densities, window and fraud share follow the options', () => {
    const dense = generateDataset({ accounts: 1500, seed: 2, linksPerAccount: 10, actionsPerAccount: 3 }, noop);
    const plain = generateDataset({ accounts: 1500, seed: 2 }, noop);
    expect(dense.records.links / plain.records.links).toBeGreaterThan(1.4);
    expect(dense.records.actions / plain.records.actions).toBeLessThan(0.4);
    const short = collectDataset({ accounts: 800, seed: 2, days: 7, startMs: Date.UTC(2030, 5, 1) });
    const lo = Date.UTC(2030, 5, 1);
    expect(short.actions.filter((a) => a.ts < lo || a.ts >= lo + 7 * 86_400_000)).toEqual([]);
    expect(generateDataset({ accounts: 1500, seed: 2, fraudShare: 0 }, noop).fraudAccounts).toBe(0);
  });

  it('bad options are rejected with a ZodError naming the field', () => {
    const bad: unknown[] = [
      { accounts: 0 },
      { fraudShare: 0.9 },
      { linkTypes: ['bogus'] },
      { renameTypes: { device: '' } },
      { kindMix: { device_farm: 0 } },
      { surprise: true },
    ];
    for (const options of bad) {
      expect(() => generateDataset(options as GenerateOptions, noop), JSON.stringify(options)).toThrow(ZodError);
    }
  });
});
