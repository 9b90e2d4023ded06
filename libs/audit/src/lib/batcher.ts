export interface BatcherOptions {
  /** Flush as soon as this many items wait; a group never holds more. */
  maxSize: number;
  /** …or when the oldest waiting item has waited this long. */
  maxWaitMs: number;
  /**
   * Flushes running at once, at most (default: no limit). Items arriving meanwhile wait and go
   * out in full groups as flushes finish: a backlog cannot take every database connection.
   */
  maxConcurrent?: number;
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
  private readonly maxConcurrent: number;
  /** Items were due while every flush slot was taken: they go as soon as one frees. */
  private due = false;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly options: BatcherOptions,
  ) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? Infinity);
  }

  /** Items added and not yet flushed (waiting for a group or for a free flush). */
  get pending(): number {
    return this.waiting.length;
  }

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.options.maxSize) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), this.options.maxWaitMs);
    });
  }

  /** Flushes everything that waits and resolves once every flush started so far has finished. */
  async drain(): Promise<void> {
    while (this.waiting.length || this.inFlight.size) {
      this.flushNow();
      await Promise.race([...this.inFlight]).catch(() => undefined);
    }
  }

  /**
   * Starts a flush for each group of waiting items (oldest first) while fewer than maxConcurrent
   * run; what is left is due and goes when a flush finishes.
   */
  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.waiting.length && this.inFlight.size < this.maxConcurrent) {
      this.start(this.waiting.splice(0, this.options.maxSize));
    }
    this.due = this.waiting.length > 0;
  }

  private start(group: Array<Waiting<T>>): void {
    const run = (async () => {
      try {
        await this.flush(group.map((w) => w.item));
        for (const w of group) w.resolve();
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    })();
    this.inFlight.add(run);
    void run.finally(() => {
      this.inFlight.delete(run);
      // What was due while every slot was taken goes now (with whatever joined it since).
      if (this.due) this.flushNow();
    });
  }
}
