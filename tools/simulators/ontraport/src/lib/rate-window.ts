export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the oldest request in the window leaves it (≥ 1 whenever the window holds one). */
  resetSeconds: number;
}

/**
 * A rolling (sliding-log) window per key, like ONTRAPORT's "180 requests per minute per account".
 * A refused request is not recorded, so a client that keeps hammering is not locked out for longer.
 */
export class RateWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private limit: number,
    private windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  configure(limit: number, windowMs: number): void {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  hit(key: string): RateDecision {
    const now = this.now();
    const log = this.prune(key, now);
    const allowed = log.length < this.limit;
    if (allowed) log.push(now);
    const oldest = log[0];
    const resetSeconds = oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
    return { allowed, limit: this.limit, remaining: Math.max(0, this.limit - log.length), resetSeconds };
  }

  clear(): void {
    this.hits.clear();
  }

  private prune(key: string, now: number): number[] {
    const log = this.hits.get(key) ?? [];
    const firstInside = log.findIndex((t) => t > now - this.windowMs);
    const kept = firstInside === -1 ? [] : log.slice(firstInside);
    this.hits.set(key, kept);
    return kept;
  }
}
