import { describe, expect, it } from 'vitest';
import { ReadBatcher } from '../../src/store/neo4j-read-batcher.js';

/** A load that records its calls and answers only when released, so the test decides what is in flight. */
function controlledLoad(data: Record<string, string>) {
  const calls: { group: string; keys: string[] }[] = [];
  const gates: { release: () => void; fail: (error: Error) => void }[] = [];
  const load = (group: string, keys: string[]) => {
    calls.push({ group, keys });
    return new Promise<Map<string, string>>((resolve, reject) => {
      gates.push({
        release: () => resolve(new Map(keys.filter((key) => `${group}/${key}` in data).map((key) => [key, data[`${group}/${key}`]!]))),
        fail: reject,
      });
    });
  };
  return { calls, gates, load };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ReadBatcher', () => {
  it('sends the reads of one event-loop turn together, and answers undefined for a key the load did not find', async () => {
    const { calls, gates, load } = controlledLoad({ 'r1/a': 'A' });
    const batcher = new ReadBatcher(load);
    const a = batcher.get('r1', 'a');
    const missing = batcher.get('r1', 'zz');
    expect(calls).toEqual([]);
    await tick();
    expect(calls).toEqual([{ group: 'r1', keys: ['a', 'zz'] }]);
    gates.forEach((gate) => gate.release());
    expect(await a).toBe('A');
    expect(await missing).toBeUndefined();
  });

  it('with two queries allowed, the second turn goes out while the first query runs', async () => {
    const { calls, gates, load } = controlledLoad({ 'r/a': 'A', 'r/b': 'B' });
    const batcher = new ReadBatcher(load, { maxInFlight: 2 });
    const a = batcher.get('r', 'a');
    await tick();
    const b = batcher.get('r', 'b');
    await tick();
    expect(calls.map((call) => call.keys)).toEqual([['a'], ['b']]);
    gates.forEach((gate) => gate.release());
    expect([await a, await b]).toEqual(['A', 'B']);
  });

  it('queues reads while maxInFlight queries run, then sends them as one query per group', async () => {
    const { calls, gates, load } = controlledLoad({ 'r1/a': 'A', 'r1/b': 'B', 'r1/c': 'C', 'r2/a': 'A2' });
    const batcher = new ReadBatcher(load, { maxInFlight: 1 });
    const first = batcher.get('r1', 'a');
    await tick();
    const queued = [batcher.get('r1', 'b'), batcher.get('r1', 'c'), batcher.get('r1', 'b'), batcher.get('r2', 'a')];
    expect(calls).toHaveLength(1);
    gates[0]!.release();
    expect(await first).toBe('A');
    await tick();
    // the duplicate b shares its query; r2 waits for its own
    expect(calls[1]).toEqual({ group: 'r1', keys: ['b', 'c'] });
    gates[1]!.release();
    await tick();
    expect(calls[2]).toEqual({ group: 'r2', keys: ['a'] });
    gates[2]!.release();
    expect(await Promise.all(queued)).toEqual(['B', 'C', 'B', 'A2']);
  });

  it('splits a long queue into batches of maxBatch keys', async () => {
    const { calls, gates, load } = controlledLoad({});
    const batcher = new ReadBatcher(load, { maxInFlight: 1, maxBatch: 2 });
    const all = batcher.getMany('r', ['a', 'b', 'c', 'd', 'e']);
    await tick();
    for (let i = 0; i < 3; i++) {
      gates[i]!.release();
      await tick();
    }
    expect(calls.map((call) => call.keys)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(await all).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('fails only the reads of the failed query, and keeps serving after it', async () => {
    const { gates, load } = controlledLoad({ 'r/b': 'B' });
    const batcher = new ReadBatcher(load, { maxInFlight: 1 });
    const a = batcher.get('r', 'a');
    await tick();
    const b = batcher.get('r', 'b');
    gates[0]!.fail(new Error('run r not found'));
    await expect(a).rejects.toThrow('run r not found');
    await tick();
    gates[1]!.release();
    expect(await b).toBe('B');
  });

  it('sends the keys of one getMany in one query', async () => {
    const { calls, gates, load } = controlledLoad({ 'r/x': 'X', 'r/y': 'Y' });
    const batcher = new ReadBatcher(load);
    const answers = batcher.getMany('r', ['x', 'y', 'w']);
    await tick();
    expect(calls).toEqual([{ group: 'r', keys: ['x', 'y', 'w'] }]);
    gates[0]!.release();
    expect(await answers).toEqual(['X', 'Y', undefined]);
  });
});
