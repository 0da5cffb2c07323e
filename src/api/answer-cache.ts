// Serialized answers reused within a run: a run never changes once published, so the same authorised request
// against the same current run gets the same bytes. Bounded by total size, least recently used out first.
export class AnswerCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): string | undefined {
    const body = this.entries.get(key);
    if (body === undefined) return undefined;
    // re-insert so Map order stays least-recently-used first
    this.entries.delete(key);
    this.entries.set(key, body);
    return body;
  }

  set(key: string, body: string): void {
    const size = (key.length + body.length) * 2;
    if (size > this.maxBytes / 4) return; // one huge answer must not flush everything else
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.bytes -= (key.length + old.length) * 2;
      this.entries.delete(key);
    }
    this.entries.set(key, body);
    this.bytes += size;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= (oldest.length + value.length) * 2;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
