import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls per second per Infusionsoft app, held in PostgreSQL so every replica counts against the
 * same limit: one row per app and second (the database's clock), incremented atomically. A call
 * over the limit waits for the next second; waiting costs no retry attempt.
 */
@Injectable()
export class CallRateLimiter {
  private lastSweep = 0;

  constructor(private readonly db: DataSource) {}

  async acquire(rateKey: string, perSecond: number): Promise<void> {
    for (;;) {
      const [row]: Array<{ calls: number; wait_ms: number }> = await this.db.query(
        `INSERT INTO call_windows (rate_key, second, calls) VALUES ($1, date_trunc('second', clock_timestamp()), 1)
         ON CONFLICT (rate_key, second) DO UPDATE SET calls = call_windows.calls + 1
         RETURNING calls, (1000 - extract(milliseconds FROM clock_timestamp())::numeric % 1000)::int AS wait_ms`,
        [rateKey],
      );
      if (row.calls <= perSecond) break;
      await sleep(Math.max(1, row.wait_ms));
    }
    if (Date.now() - this.lastSweep > 60_000) {
      this.lastSweep = Date.now();
      await this.db.query(`DELETE FROM call_windows WHERE second < now() - interval '1 minute'`);
    }
  }
}
