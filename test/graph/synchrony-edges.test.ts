import { describe, expect, it } from 'vitest';
import { GAP_BANDS_SEC, buildSynchronyEdges, type SynchronyEdges } from '../../src/graph/synchrony-edges.js';
import { createRng } from '../../src/lib/rng.js';
import { resolveConfig } from '../../src/schema/config.js';
import { buildDataset, type TestAction } from '../helpers/dataset-builder.js';

// Timing only: the quiet targets two accounts share at any time are co-target-edges.test.ts's.
const config = resolveConfig({ coTargetPairBudgetPerAccount: 0 });
/**
 * Tests of what is paired use a few accounts, too few for the pair test's configuration null (a band whose only
 * co-actions are one pair's says nothing about whom else they would meet): they switch it off and ask for 3 targets.
 */
const withoutPairTest = { ...config, maxChancePairs: Infinity, minCoActions: 3 };
const HOUR = 3600;
const DAY = 86_400;

/** Ordinary activity on a target: `count` actions by distinct passers-by spread evenly over `spanSec`. */
function quietTarget(target: string, count: number, startSec: number, spanSec: number): TestAction[] {
  return Array.from({ length: count }, (_, i) => ({ account: `${target}-passer${i}`, target, ts: startSec + Math.round((i * spanSec) / (count - 1)) }));
}

function synchronyOf(actions: TestAction[], options = config): { edges: SynchronyEdges; ids: string[] } {
  const dataset = buildDataset([], [], actions);
  return { edges: buildSynchronyEdges(dataset.actions, dataset.accounts.ids.length, options), ids: dataset.accounts.ids };
}

function pairsOf({ edges, ids }: { edges: SynchronyEdges; ids: string[] }): string[] {
  return Array.from(edges.source, (s, e) => [ids[s]!, ids[edges.target[e]!]!].sort().join('-')).sort();
}

const band = (edges: SynchronyEdges, upToSec: number) => edges.scales.find((b) => b.upToSec === upToSec)!;

describe('synchrony edges: time scales chosen from the data', () => {
  it('two bots acting within 2 s of each other on 5 otherwise quiet targets are linked, and the 10 s band is the one used', () => {
    const actions: TestAction[] = [];
    for (let t = 0; t < 5; t++) {
      actions.push(...quietTarget(`post${t}`, 20, t * DAY, DAY));
      actions.push({ account: 'bot0', target: `post${t}`, ts: t * DAY + 5000 + t * 7 }, { account: 'bot1', target: `post${t}`, ts: t * DAY + 5002 + t * 7 });
    }
    const result = synchronyOf(actions, withoutPairTest);
    expect(pairsOf(result)).toEqual(['bot0-bot1']);
    expect(result.edges.count[0]).toBe(5);
    expect(band(result.edges, 10).observed).toBe(5);
    expect(band(result.edges, 10).weight).toBeGreaterThan(0.9);
    // The passers-by, an hour apart on each target, are what chance predicts: those bands carry no weight.
    expect(band(result.edges, 3600).weight).toBe(0);
    expect(result.edges.gapBands.minute).toBeGreaterThan(0);
  });

  it('a sockpuppet pair switching accounts 20 minutes apart on 6 quiet targets is linked, and only while the 1-hour band shows excess over chance', () => {
    const actions: TestAction[] = [];
    for (let t = 0; t < 6; t++) {
      const start = t * 40 * DAY;
      actions.push(...quietTarget(`page${t}`, 6, start, 30 * DAY));
      actions.push({ account: 'sock0', target: `page${t}`, ts: start + 3 * DAY + 77 * t }, { account: 'sock1', target: `page${t}`, ts: start + 3 * DAY + 77 * t + 20 * 60 });
    }
    const result = synchronyOf(actions, withoutPairTest);
    expect(band(result.edges, 3600).observed).toBe(6);
    expect(band(result.edges, 3600).weight).toBeGreaterThan(0.5);
    expect(band(result.edges, 10).weight).toBe(0);
    expect(pairsOf(result)).toEqual(['sock0-sock1']);
    expect(result.edges.gapBands.hour).toBeGreaterThan(0);
    // Demand more significance than these 6 co-actions carry: the band is not used and nothing is linked.
    const strict = synchronyOf(actions, { ...withoutPairTest, minGapBandSurprise: 50 });
    expect(band(strict.edges, 3600).weight).toBe(0);
    expect(strict.edges.source.length).toBe(0);
  });

  it('independent random activity shows excess at no time scale: no band is used and nobody is linked', () => {
    const random = createRng(7);
    const actions: TestAction[] = [];
    for (let i = 0; i < 3000; i++) actions.push({ account: `u${Math.floor(random() * 300)}`, target: `t${Math.floor(random() * 60)}`, ts: Math.floor(random() * 30 * DAY) });
    const { edges } = synchronyOf(actions);
    expect(edges.scales.map((b) => b.upToSec)).toEqual(GAP_BANDS_SEC);
    expect(edges.scales.every((b) => b.weight === 0)).toBe(true);
    expect(edges.source.length).toBe(0);
  });

  it('with minCoActions 3, co-actions on 2 targets are not enough, on 3 they are', () => {
    const actions = (targets: number) => {
      const out: TestAction[] = [];
      for (let t = 0; t < 5; t++) out.push(...quietTarget(`post${t}`, 20, t * DAY, DAY));
      for (let t = 0; t < targets; t++) out.push({ account: 'a', target: `post${t}`, ts: t * DAY + 5000 }, { account: 'b', target: `post${t}`, ts: t * DAY + 5001 });
      // a third pair on other targets keeps the 10 s band significant whatever a and b do
      for (let t = 0; t < 5; t++) out.push({ account: 'c', target: `post${t}`, ts: t * DAY + 9000 }, { account: 'd', target: `post${t}`, ts: t * DAY + 9001 });
      return out;
    };
    expect(pairsOf(synchronyOf(actions(2), withoutPairTest))).toEqual(['c-d']);
    expect(pairsOf(synchronyOf(actions(3), withoutPairTest))).toEqual(['a-b', 'c-d']);
  });

  it('gives the same edges whatever the order of the action rows, with ties in time on short and long targets', () => {
    const random = createRng(7);
    const pod = Array.from({ length: 6 }, (_, i) => `pod${i}`);
    const actions: TestAction[] = [];
    // 8 targets the pod acts on within seconds of each other, ties included, amid 40 passers-by a target (long runs)
    for (let t = 0; t < 8; t++) {
      actions.push(...quietTarget(`busy${t}`, 40, t * DAY, DAY));
      for (const [i, account] of pod.entries()) actions.push({ account, target: `busy${t}`, ts: t * DAY + 5_000 + Math.floor(i / 2) });
    }
    // and 8 short targets (under 24 actions) with the same ties
    for (let t = 0; t < 8; t++) for (const [i, account] of pod.entries()) actions.push({ account, target: `quiet${t}`, ts: (10 + t) * DAY + Math.floor(i / 3) });
    const shuffled = [...actions];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const edgeList = (r: { edges: SynchronyEdges; ids: string[] }) => Array.from(r.edges.source, (s, e) => `${[r.ids[s]!, r.ids[r.edges.target[e]!]!].sort().join('-')} ${r.edges.weight[e]} ${r.edges.count[e]}`).sort();
    const inOrder = edgeList(synchronyOf(actions, withoutPairTest));
    expect(inOrder.length).toBe(15);
    expect(edgeList(synchronyOf(shuffled, withoutPairTest))).toEqual(inOrder);
  });

  it('sorts times finer than a millisecond (the comparator path) as it sorts whole milliseconds (the packed-key path)', () => {
    const pod = Array.from({ length: 6 }, (_, i) => `pod${i}`);
    const actions: TestAction[] = [];
    for (let t = 0; t < 8; t++) {
      actions.push(...quietTarget(`busy${t}`, 40, t * DAY, DAY));
      for (const [i, account] of pod.entries()) actions.push({ account, target: `busy${t}`, ts: t * DAY + 5_000 + Math.floor(i / 2) });
    }
    const reversed = [...actions].reverse();
    const finer = reversed.map((a) => ({ ...a, ts: a.ts + 0.0001 }));
    const edgeList = (r: { edges: SynchronyEdges; ids: string[] }) => Array.from(r.edges.source, (s, e) => `${[r.ids[s]!, r.ids[r.edges.target[e]!]!].sort().join('-')} ${r.edges.weight[e]} ${r.edges.count[e]}`).sort();
    const wholeMs = edgeList(synchronyOf(reversed, withoutPairTest));
    expect(wholeMs.length).toBe(15);
    expect(edgeList(synchronyOf(finer, withoutPairTest))).toEqual(wholeMs);
  });

  it('counts repeated co-actions on one target once', () => {
    const actions: TestAction[] = [...quietTarget('p', 30, 0, 10 * DAY)];
    for (let k = 0; k < 10; k++) actions.push({ account: 'a0', target: 'p', ts: k * DAY + 1000 }, { account: 'a1', target: 'p', ts: k * DAY + 1001 });
    const { edges, ids } = synchronyOf(actions, { ...withoutPairTest, minCoActions: 1 });
    const e = Array.from(edges.source).findIndex((s, i) => ids[s] === 'a0' && ids[edges.target[i]!] === 'a1');
    expect(e).toBeGreaterThanOrEqual(0);
    expect(edges.count[e]).toBe(1);
  });
});

describe('synchrony edges: how many targets a pair needs follows the data', () => {
  /**
   * An hour-scale band with both chance and coordination in it: 400 accounts act at random on 100 targets over
   * 100 hours (chance co-actions within an hour), 100 pairs each meet on 3 quiet pages 20 minutes apart (the
   * band's excess), and a superfan acts 300 times at random.
   */
  function hourBand(): TestAction[] {
    const random = createRng(11);
    const actions: TestAction[] = [];
    for (let i = 0; i < 4000; i++) actions.push({ account: `u${i % 400}`, target: `busy${Math.floor(random() * 100)}`, ts: Math.floor(random() * 100 * HOUR) });
    for (let i = 0; i < 300; i++) actions.push({ account: 'superfan', target: `busy${Math.floor(random() * 100)}`, ts: Math.floor(random() * 100 * HOUR) });
    for (let p = 0; p < 100; p++) actions.push(...meetings([`c${p}a`, `c${p}b`], 3, 10 + 3 * p));
    return actions;
  }
  /** `pair` meeting on `pages` quiet pages of their own, 20 minutes apart, amid 4 passers-by over 10 days on each. */
  function meetings(pair: [string, string], pages: number, fromDay: number): TestAction[] {
    const actions: TestAction[] = [];
    for (let t = 0; t < pages; t++) {
      const target = `${pair[0]}-${pair[1]}-${t}`;
      actions.push(...quietTarget(target, 4, (fromDay + t) * DAY, 10 * DAY));
      actions.push({ account: pair[0], target, ts: (fromDay + t + 1) * DAY + 7000 }, { account: pair[1], target, ts: (fromDay + t + 1) * DAY + 7000 + 20 * 60 });
    }
    return actions;
  }
  const linked = (actions: TestAction[], pair: string) => pairsOf(synchronyOf(actions)).includes(pair);

  it('two quiet accounts meeting on 2 pages are a pair; one meeting (minCoActions 2) is not', () => {
    const actions = [...hourBand(), ...meetings(['quiet0', 'quiet1'], 2, 400), ...meetings(['once0', 'once1'], 1, 410)];
    const result = synchronyOf(actions);
    expect(band(result.edges, 3600).weight).toBeGreaterThan(0);
    expect(pairsOf(result)).toContain('quiet0-quiet1');
    expect(pairsOf(result)).toContain('c0a-c0b');
    expect(pairsOf(result)).not.toContain('once0-once1');
  });

  it('the superfan, who meets everyone by chance, needs more pages with one account than a quiet pair does', () => {
    expect(linked([...hourBand(), ...meetings(['superfan', 'u7'], 2, 400)], 'superfan-u7')).toBe(false);
    expect(linked([...hourBand(), ...meetings(['superfan', 'u7'], 8, 400)], 'superfan-u7')).toBe(true);
  });
});

describe('synchrony edges: what is never paired', () => {
  /** Two bots on 5 quiet targets, so the seconds band is in use. */
  function bots(): TestAction[] {
    const actions: TestAction[] = [];
    for (let t = 0; t < 5; t++) {
      actions.push(...quietTarget(`post${t}`, 20, t * DAY, DAY));
      actions.push({ account: 'bot0', target: `post${t}`, ts: t * DAY + 5000 }, { account: 'bot1', target: `post${t}`, ts: t * DAY + 5001 });
    }
    return actions;
  }

  it('fans of viral posts acting within the same seconds are not linked (the burst is skipped)', () => {
    const actions = bots();
    for (let t = 0; t < 5; t++) for (let i = 0; i < 150; i++) actions.push({ account: `fan${i}`, target: `viral${t}`, ts: 10 * DAY + t * 1000 + (i % 10) });
    const result = synchronyOf(actions, withoutPairTest);
    expect(pairsOf(result)).toEqual(['bot0-bot1']);
    expect(result.edges.skippedBurstActions).toBeGreaterThan(0);
  });

  it('does not pair actions on a target that is busy all the time (a login screen)', () => {
    const actions = bots();
    for (let k = 0; k < 4000; k++) actions.push({ account: `user${k % 40}`, target: 'login', ts: 20 * DAY + k * 3 });
    const result = synchronyOf(actions, withoutPairTest);
    expect(pairsOf(result)).toEqual(['bot0-bot1']);
    expect(result.edges.skippedBurstActions).toBeGreaterThanOrEqual(4000);
  });

  it('a moderator answering 10 unrelated accounts within seconds gets those ties scaled to nothing, while a pod of 6 keeps its full weight', () => {
    const actions: TestAction[] = [];
    let target = 0;
    // Each of 10 authors posts on 3 quiet pages of their own; the moderator answers every post 3 s later.
    for (let u = 0; u < 10; u++) {
      for (let k = 0; k < 3; k++, target++) {
        const page = `page${target}`;
        actions.push(...quietTarget(page, 20, target * DAY, DAY));
        actions.push({ account: `author${u}`, target: page, ts: target * DAY + 4000 }, { account: 'moderator', target: page, ts: target * DAY + 4003 });
      }
    }
    // A pod of 6 all act within 5 s on 4 quiet posts of their own.
    for (let k = 0; k < 4; k++, target++) {
      const post = `page${target}`;
      actions.push(...quietTarget(post, 20, target * DAY, DAY));
      for (let i = 0; i < 6; i++) actions.push({ account: `pod${i}`, target: post, ts: target * DAY + 6000 + i });
    }
    const result = synchronyOf(actions, withoutPairTest);
    const { edges, ids } = result;
    const weightOf = (a: string, b: string) => {
      const e = Array.from(edges.source).findIndex((s, i) => [ids[s], ids[edges.target[i]!]].sort().join('-') === [a, b].sort().join('-'));
      return e < 0 ? undefined : edges.weight[e]!;
    };
    expect(edges.broadActors).toBe(1);
    for (let u = 0; u < 10; u++) expect(weightOf('moderator', `author${u}`) ?? 0).toBe(0);
    for (let i = 1; i < 6; i++) expect(weightOf('pod0', `pod${i}`)).toBeGreaterThan(0.5);
  });
});
