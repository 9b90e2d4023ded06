export interface BatcherOptions {
  /** Flush as soon as this many items wait. */
  maxSize: number;
  /** …or when the oldest waiting item has waited this long. */
  maxWaitMs: number;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Collects items and hands them to `flush` in groups; each `add` resolves only once its group was
 * flushed (or rejects with the flush's error). A consumer acks a message when its `add` resolves,
 * so "acked" still means "written", while the database sees one statement per few hundred records.
 */
export class Batcher<T> {
  private waiting: Array<Waiting<T>> = [];
  private timer?: ReturnType<typeof setTimeout>;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly options: BatcherOptions,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.options.maxSize) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.options.maxWaitMs);
    });
  }

  /** Flushes what waits and resolves once every flush started so far has finished. */
  async drain(): Promise<void> {
    this.flushNow();
    await Promise.allSettled([...this.inFlight]);
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const group = this.waiting;
    if (!group.length) return;
    this.waiting = [];
    const run = (async () => {
      try {
        await this.flush(group.map((w) => w.item));
        for (const w of group) w.resolve();
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }
}
