// Token buckets keyed by caller (API key id, or client address before auth): pure, the clock is passed in.

export interface RateLimitOptions {
  /** Tokens added per second (sustained requests/s). */
  ratePerSecond: number;
  /** Bucket size (the burst allowed after a quiet spell). */
  burst: number;
  /** Buckets kept at most; full (idle) buckets are dropped first when exceeded. */
  maxBuckets?: number;
}

export const RATE_LIMIT_DEFAULTS: Required<RateLimitOptions> = { ratePerSecond: 100, burst: 200, maxBuckets: 10_000 };

export interface TakeResult {
  allowed: boolean;
  /** Whole seconds until one token is available (0 when allowed). */
  retryAfterSeconds: number;
}

export class TokenBuckets {
  private readonly options: Required<RateLimitOptions>;
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();

  constructor(options: Partial<RateLimitOptions> = {}) {
    this.options = { ...RATE_LIMIT_DEFAULTS, ...options };
  }

  take(key: string, nowMs: number): TakeResult {
    const { ratePerSecond, burst } = this.options;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.options.maxBuckets) this.evict(nowMs);
      bucket = { tokens: burst, atMs: nowMs };
      this.buckets.set(key, bucket);
    } else {
      const elapsedSeconds = Math.max(0, nowMs - bucket.atMs) / 1000;
      bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * ratePerSecond);
      bucket.atMs = nowMs;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Drops buckets that would be full by now (they carry no state); if none, the oldest half. */
  private evict(nowMs: number): void {
    const { ratePerSecond, burst } = this.options;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((nowMs - bucket.atMs) / 1000) * ratePerSecond >= burst) this.buckets.delete(key);
    }
    if (this.buckets.size < this.options.maxBuckets) return;
    let toDrop = Math.ceil(this.buckets.size / 2);
    for (const key of this.buckets.keys()) {
      if (toDrop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}
