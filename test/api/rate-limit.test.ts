import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/api/rate-limit.js';

describe('TokenBuckets', () => {
  it('allows the burst, then refuses with a retry time, then refills at the rate', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 3 });
    expect([0, 0, 0].map((t) => buckets.take('k', t).allowed)).toEqual([true, true, true]);
    expect(buckets.take('k', 0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(buckets.take('k', 499).allowed).toBe(false);
    expect(buckets.take('k', 500).allowed).toBe(true);
    expect(buckets.take('k', 10_000).allowed).toBe(true);
  });

  it('keeps callers apart', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 });
    expect(buckets.take('a', 0).allowed).toBe(true);
    expect(buckets.take('a', 0).allowed).toBe(false);
    expect(buckets.take('b', 0).allowed).toBe(true);
  });

  it('never refills above the burst', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 100, burst: 2 });
    buckets.take('k', 0);
    const results = [1, 2, 3].map(() => buckets.take('k', 60_000).allowed);
    expect(results).toEqual([true, true, false]);
  });

  it('stays bounded: idle buckets are dropped when the cap is reached', () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1, maxBuckets: 100 });
    for (let i = 0; i < 1000; i++) buckets.take(`ip:${i}`, i * 10);
    expect(buckets.size).toBeLessThanOrEqual(100);
  });
});
