// Serialized answers reused within a run: a run never changes once published, so the same authorised request
// against the same current run gets the same bytes. Only the current run's answers are kept: the first answer of
// a newer run empties the cache. Bounded by total size in two generations: new answers go to the young one;
// when the next would take it past half the budget, the old one is dropped and the young one becomes old; an old
// answer asked for again moves back to the young one. A hit is one Map lookup, no reordering.
export class AnswerCache {
  private run: string | null = null;
  private young = new Map<string, string>();
  private old = new Map<string, string>();
  private youngBytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(run: string, key: string): string | undefined {
    if (run !== this.run) return undefined;
    const body = this.young.get(key);
    if (body !== undefined) return body;
    const aged = this.old.get(key);
    if (aged !== undefined) {
      this.old.delete(key);
      this.add(key, aged);
    }
    return aged;
  }

  set(run: string, key: string, body: string): void {
    if (run !== this.run) {
      this.run = run;
      this.young = new Map();
      this.old = new Map();
      this.youngBytes = 0;
    }
    if (sizeOf(key, body) > this.maxBytes / 4) return; // one huge answer must not flush everything else
    if (this.young.has(key) || this.old.has(key)) return; // same run, same key: same bytes
    this.add(key, body);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private add(key: string, body: string): void {
    const size = sizeOf(key, body);
    if (this.youngBytes + size > this.maxBytes / 2) {
      this.old = this.young;
      this.young = new Map();
      this.youngBytes = 0;
    }
    this.young.set(key, body);
    this.youngBytes += size;
  }
}

/** UTF-16 code units, two bytes each. */
const sizeOf = (key: string, body: string) => (key.length + body.length) * 2;
