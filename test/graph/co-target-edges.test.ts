import { describe, expect, it } from 'vitest';
import { buildCoTargetEdges, type ActorsByTarget } from '../../src/graph/co-target-edges.js';
import { buildSynchronyEdges } from '../../src/graph/synchrony-edges.js';
import { createRng } from '../../src/lib/rng.js';
import { resolveConfig } from '../../src/schema/config.js';
import { buildDataset, type TestAction } from '../helpers/dataset-builder.js';

const config = resolveConfig({});

/** Targets given as their actors' account numbers (repeats allowed), in the CSR form the edges are built from. */
function actorsByTarget(targets: number[][]): ActorsByTarget {
  const offsets = new Int32Array(targets.length + 1);
  targets.forEach((actors, t) => (offsets[t + 1] = offsets[t]! + actors.length));
  return { offsets, actor: Int32Array.from(targets.flat()) };
}

const ORDINARY = 20_000;
/** 20,000 ordinary accounts (ids 0..19,999), each acting on 3 of 30,000 quiet targets at random. */
function background(seed: number): number[][] {
  const random = createRng(seed);
  const targets: number[][] = Array.from({ length: 30_000 }, () => []);
  for (let account = 0; account < ORDINARY; account++) for (let k = 0; k < 3; k++) targets[Math.floor(random() * 30_000)]!.push(account);
  return targets;
}

const pairsOf = (edges: { source: Int32Array; target: Int32Array }) => Array.from(edges.source, (s, e) => `${s}-${edges.target[e]}`);
/** Ordinary accounts given a tie: a few chance pairs pass the test (its family is the pairs that met), never 0.1 % of them. */
const ordinaryTied = (edges: { source: Int32Array; target: Int32Array }) => new Set([...edges.source, ...edges.target].filter((v) => v < ORDINARY)).size;

describe('co-target edges: accounts sharing quiet targets at any time', () => {
  it('links a group working four quiet targets of its own amid 20,000 ordinary accounts, and hardly any ordinary pair', () => {
    const targets = background(1);
    const group = [20000, 20001, 20002, 20003];
    for (let t = 0; t < 4; t++) targets.push([...group, t]); // each also seen by one passer-by
    const edges = buildCoTargetEdges(actorsByTarget(targets), 20004, config);
    const groupPairs = pairsOf(edges).filter((p) => p.startsWith('2000'));
    expect(groupPairs.sort()).toEqual(['20000-20001', '20000-20002', '20000-20003', '20001-20002', '20001-20003', '20002-20003']);
    expect(Array.from(edges.count).filter((_, e) => edges.source[e]! >= ORDINARY)).toEqual([4, 4, 4, 4, 4, 4]);
    expect(ordinaryTied(edges)).toBeLessThan(ORDINARY / 1000);
  });

  it('two accounts meeting on one quiet target by chance are not linked, however quiet the target', () => {
    const targets = background(2);
    targets.push([20000, 20001]);
    const edges = buildCoTargetEdges(actorsByTarget(targets), 20002, config);
    expect(pairsOf(edges)).not.toContain('20000-20001');
  });

  it('a target with more actors than the pair budget allows is not quiet: its actors are not paired', () => {
    const targets = background(3);
    const fans = Array.from({ length: 1500 }, (_, i) => i);
    for (let t = 0; t < 4; t++) targets.push(fans);
    const edges = buildCoTargetEdges(actorsByTarget(targets), ORDINARY, config);
    expect(edges.maxTargetActors).toBeLessThan(1500);
    expect(ordinaryTied(edges)).toBeLessThan(ORDINARY / 1000);
    expect(pairsOf(edges)).not.toContain('0-1');
  });

  it('the quiet cap follows the pair budget: targets of up to d actors are paired while their pairs fit it', () => {
    // 100 accounts; 50 targets of 2 actors (50 pairs), 10 of 5 (100), 2 of 20 (380): a budget of 2 a account is 200
    const targets: number[][] = [];
    for (let t = 0; t < 50; t++) targets.push([t, t + 50]);
    for (let t = 0; t < 10; t++) targets.push([0, 1, 2, 3, 4].map((k) => (t * 5 + k) % 100));
    for (let t = 0; t < 2; t++) targets.push(Array.from({ length: 20 }, (_, k) => (t * 20 + k) % 100));
    expect(buildCoTargetEdges(actorsByTarget(targets), 100, { ...config, coTargetPairBudgetPerAccount: 2 }).maxTargetActors).toBe(5);
    expect(buildCoTargetEdges(actorsByTarget(targets), 100, { ...config, coTargetPairBudgetPerAccount: 6 }).maxTargetActors).toBe(20);
    const none = buildCoTargetEdges(actorsByTarget(targets), 100, { ...config, coTargetPairBudgetPerAccount: 0 });
    expect([none.maxTargetActors, none.source.length]).toEqual([1, 0]);
  });

  it('counts an account acting on a target many times once', () => {
    const targets = background(4);
    const group = [20000, 20001, 20002];
    for (let t = 0; t < 4; t++) targets.push([...group, ...group, ...group]);
    const edges = buildCoTargetEdges(actorsByTarget(targets), 20003, config);
    expect(Array.from(edges.count).filter((_, e) => edges.source[e]! >= ORDINARY)).toEqual([4, 4, 4]);
  });

  it('ties a pair acting on the same quiet pages days apart, which no time scale links, into the synchrony edges', () => {
    const random = createRng(5);
    const actions: TestAction[] = [];
    const DAY = 86_400;
    for (let account = 0; account < ORDINARY; account++) {
      for (let k = 0; k < 3; k++) actions.push({ account: `u${account}`, target: `page${Math.floor(random() * 30_000)}`, ts: Math.floor(random() * 60 * DAY) });
    }
    for (let t = 0; t < 4; t++) {
      actions.push({ account: 'sock-a', target: `own${t}`, ts: t * 10 * DAY });
      actions.push({ account: 'sock-b', target: `own${t}`, ts: t * 10 * DAY + 3 * DAY });
    }
    const dataset = buildDataset([], [], actions);
    const edges = buildSynchronyEdges(dataset.actions, dataset.accounts.ids.length, config);
    const ids = dataset.accounts.ids;
    const pairs = Array.from(edges.source, (s, e) => [ids[s]!, ids[edges.target[e]!]!].sort().join('-'));
    expect(pairs).toContain('sock-a-sock-b');
    expect(pairs.length).toBeLessThan(ORDINARY / 1000);
    expect(edges.coTargets.pairs).toBe(pairs.length);
  });
});
