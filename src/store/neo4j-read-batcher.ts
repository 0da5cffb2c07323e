// Coalesces concurrent point reads (an account's risk, a ring's detail) into one query per batch. Each query to Neo4j
// costs a fixed ~0.3 ms of driver CPU and as much server CPU whatever it reads, so under load ten requests answered by
// one UNWIND query cost little more than one. No timer: a read goes out at the end of the current event-loop turn
// (with the other reads of that turn) while fewer than `maxInFlight` queries are running; otherwise it waits for one
// to finish and leaves with every read queued meanwhile.
// A batch reads one group (a run, plus whatever else the query fixes), so its answer is exactly what each read alone
// would have got: published runs never change.

export interface ReadBatcherOptions {
  /** Queries running at once (default 1: at 10 connections, 691 req/s with 1, 587 with 2, 379 with 4 on the bench). */
  maxInFlight?: number;
  /** Keys per query (default 500). */
  maxBatch?: number;
}

interface Waiter<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}

export class ReadBatcher<V> {
  /** group → key → the reads waiting for it, in arrival order of the groups. */
  private readonly pending = new Map<string, Map<string, Waiter<V>[]>>();
  private inFlight = 0;
  private scheduled = false;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;

  /** `load` answers the keys of one group it found; a key it leaves out answers undefined; a throw fails the batch. */
  constructor(
    private readonly load: (group: string, keys: string[]) => Promise<Map<string, V>>,
    options: ReadBatcherOptions = {},
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
    this.maxBatch = Math.max(1, options.maxBatch ?? 500);
  }

  get(group: string, key: string): Promise<V | undefined> {
    const answer = this.enqueue(group, key);
    this.scheduleDispatch();
    return answer;
  }

  /** Several keys of one group, queued together so they share a query; answers in the order asked. */
  getMany(group: string, keys: readonly string[]): Promise<(V | undefined)[]> {
    const answers = Promise.all(keys.map((key) => this.enqueue(group, key)));
    this.scheduleDispatch();
    return answers;
  }

  /**
   * Sends at the end of this turn of the event loop, not at once: requests parsed in the same turn (the socket reads
   * of one poll) then share a query. No time passes when nothing else is queued.
   */
  private scheduleDispatch(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private enqueue(group: string, key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      let keys = this.pending.get(group);
      if (keys === undefined) this.pending.set(group, (keys = new Map()));
      const waiters = keys.get(key);
      if (waiters === undefined) keys.set(key, [{ resolve, reject }]);
      else waiters.push({ resolve, reject });
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.maxInFlight && this.pending.size > 0) {
      const [group, keys] = this.pending.entries().next().value as [string, Map<string, Waiter<V>[]>];
      const batch = new Map<string, Waiter<V>[]>();
      for (const [key, waiters] of keys) {
        if (batch.size >= this.maxBatch) break;
        batch.set(key, waiters);
        keys.delete(key);
      }
      if (keys.size === 0) this.pending.delete(group);
      this.inFlight++;
      void this.run(group, batch);
    }
  }

  private async run(group: string, batch: Map<string, Waiter<V>[]>): Promise<void> {
    try {
      const found = await this.load(group, [...batch.keys()]);
      for (const [key, waiters] of batch) for (const waiter of waiters) waiter.resolve(found.get(key));
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    } finally {
      this.inFlight--;
      this.dispatch();
    }
  }
}
