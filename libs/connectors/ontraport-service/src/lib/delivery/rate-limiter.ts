import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig, TransientError } from '@hub/platform';
import { OntraportConfig } from './ontraport.config';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The per-account rolling window, held in PostgreSQL so every replica counts the same requests.
 * A request takes a slot before it is sent (or reserves the first free moment and sleeps until
 * then); when it is answered the slot is re-timed to the answer, because ONTRAPORT counted it
 * somewhere in between: the window we keep is never ahead of theirs.
 */
@Injectable()
export class RateLimiter {
  private readonly config = loadConfig(OntraportConfig);

  constructor(private readonly db: DataSource) {}

  /**
   * Waits until the account may send one more request; the wait spends no retry attempt. A full
   * window gives a reservation to sleep on (one waiter per freed slot), checked again at wake-up.
   */
  async take(account: string, maxWaitMs = Infinity): Promise<{ slot: number; waitedMs: number }> {
    let waitedMs = 0;
    let slot: number | null = null;
    for (;;) {
      const [row]: Array<{ slot: string; wait_ms: number }> = await this.db.query(`SELECT slot, wait_ms FROM take_rate_slot($1, $2, $3, $4)`, [
        account,
        this.config.ONTRAPORT_RATE_LIMIT,
        this.config.ONTRAPORT_RATE_WINDOW_MS,
        slot,
      ]);
      slot = Number(row.slot);
      if (row.wait_ms <= 0) return { slot, waitedMs };
      if (waitedMs + row.wait_ms > maxWaitMs) {
        // The caller cannot wait that long (an admin waiting on a credentials test): give the turn back.
        await this.db.query(`DELETE FROM rate_slots WHERE id = $1`, [slot]);
        throw new TransientError('ONTRAPORT_RATE_LIMITED', `the account's rate window is full for another ${Math.ceil(row.wait_ms / 1000)} s`);
      }
      waitedMs += row.wait_ms;
      await sleep(row.wait_ms);
    }
  }

  async settle(slot: number): Promise<void> {
    await this.db.query(`UPDATE rate_slots SET at = clock_timestamp() WHERE id = $1`, [slot]);
  }

  /** ONTRAPORT asked us to hold off (429, or no requests left in its window). */
  async pause(account: string, ms: number): Promise<void> {
    await this.db.query(
      `INSERT INTO rate_pauses (account, until) VALUES ($1, clock_timestamp() + $2 * interval '1 millisecond')
       ON CONFLICT (account) DO UPDATE SET until = GREATEST(rate_pauses.until, EXCLUDED.until)`,
      [account, ms],
    );
  }
}
