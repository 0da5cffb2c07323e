// The one seeded pseudo-random generator (sfc32 seeded through splitmix32) and 32-bit hashing; no Math.random
// anywhere. The generator uses the class; stages that only need uniforms (Louvain's rng option, bootstraps,
// review samples) take the `() => number` view from createRng.

/** splitmix32 finalizer: a bijection on 32-bit integers, good avalanche. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Hash any number of integer keys into one 32-bit seed (order matters). */
export function hashKeys(...keys: number[]): number {
  let h = 0x811c9dc5;
  for (const key of keys) {
    h = mix32(h ^ mix32(key | 0));
    // keys above 2^32 (large indices, epoch ms) keep their high part too
    h = mix32(h ^ Math.floor(key / 4294967296));
  }
  return h;
}

/** Small fast counter PRNG (sfc32, from PractRand); period ≥ 2^32, passes BigCrush. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    const s = hashKeys(seed, stream);
    this.a = mix32(s);
    this.b = mix32(s ^ 0x68e31da4);
    this.c = mix32(s ^ 0xb5297a4d);
    this.d = 1;
    // a few rounds so nearby seeds diverge fully
    for (let i = 0; i < 8; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A `() => number` view, for libraries that take an rng function. */
  asFunction(): () => number {
    return () => this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi] inclusive. */
  intBetween(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Real in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream simple to reason about). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** Lognormal with the given arithmetic mean and log-space sigma. */
  lognormal(mean: number, sigma: number): number {
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    return Math.exp(mu + sigma * this.normal());
  }

  /** Poisson count (Knuth for small means, rounded normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Pareto-tailed integer in [lo, hi]: most draws near lo, a few near hi (alpha ≈ 1–2). */
  paretoInt(lo: number, hi: number, alpha: number): number {
    const u = this.next();
    const ratio = Math.pow(lo / (hi + 1), alpha);
    const x = lo / Math.pow(1 - u * (1 - ratio), 1 / alpha);
    return Math.min(hi, Math.max(lo, Math.floor(x)));
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

/** A uniform [0, 1) stream as a plain function: the shape graphology's `rng` options take. */
export type RandomFn = () => number;

/** A seeded uniform stream from the same generator. */
export function createRng(seed: number): RandomFn {
  return new Rng(seed).asFunction();
}
