import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls this process may still make in the current second of one app, and until when. */
interface LocalSlots {
  left: number;
  until: number;
}

/**
 * Calls per second per Infusionsoft app, held in PostgreSQL so every replica counts against the
 * same limit: one row per app and second (the database's clock), incremented atomically. A
 * replica reserves a few calls per round trip (at most a quarter of the limit, at most 10) and
 * spends them locally until that second ends; a reservation beyond the limit is simply lost, so
 * the sum across replicas never exceeds it. A call over the limit waits for the next second;
 * waiting costs no retry attempt.
 */
@Injectable()
export class CallRateLimiter {
  private lastSweep = 0;
  private readonly local = new Map<string, LocalSlots>();

  constructor(private readonly db: DataSource) {}

  async acquire(rateKey: string, perSecond: number): Promise<void> {
    for (;;) {
      const slots = this.local.get(rateKey);
      if (slots && slots.left > 0 && Date.now() < slots.until) {
        slots.left--;
        return;
      }
      const batch = Math.max(1, Math.min(10, Math.floor(perSecond / 4)));
      const [row]: Array<{ calls: number; wait_ms: number }> = await this.db.query(
        `INSERT INTO call_windows (rate_key, second, calls) VALUES ($1, date_trunc('second', clock_timestamp()), $2)
         ON CONFLICT (rate_key, second) DO UPDATE SET calls = call_windows.calls + $2
         RETURNING calls, (1000 - extract(milliseconds FROM clock_timestamp())::numeric % 1000)::int AS wait_ms`,
        [rateKey, batch],
      );
      const granted = Math.max(0, Math.min(batch, perSecond - (row.calls - batch)));
      if (granted > 0) {
        // One for this call; the rest for the next callers of this process, within this second.
        this.local.set(rateKey, { left: granted - 1, until: Date.now() + row.wait_ms });
        break;
      }
      await sleep(Math.max(1, row.wait_ms));
    }
    if (Date.now() - this.lastSweep > 60_000) {
      this.lastSweep = Date.now();
      await this.db.query(`DELETE FROM call_windows WHERE second < now() - interval '1 minute'`);
    }
  }
}
