import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadConfig, TransientError } from '@hub/platform';
import { OntraportConfig } from './ontraport.config';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A slot of the account's window, and whether its answer must re-time it (`settle`). */
export interface RateSlot {
  slot: number;
  waitedMs: number;
  settle: boolean;
}

/**
 * The per-account rolling window, held in PostgreSQL so every replica counts the same requests.
 * A request takes a slot before it is sent (or reserves the first free moment and sleeps until
 * then). ONTRAPORT counted it somewhere between then and the answer, so the window we keep must
 * never be ahead of theirs: until its answer re-times it, a slot counts as if sent `inFlightMs`
 * later (the longest a request can take to reach ONTRAPORT: connecting and sending, each within
 * the timeout, plus slack). Re-timing costs a second statement, made only when the window is at
 * least half full (`settle`); far from the limit the slot just counts a little longer (migration
 * RateSlotsInFlight).
 */
@Injectable()
export class RateLimiter {
  private readonly config = loadConfig(OntraportConfig);
  private readonly inFlightMs = 2 * this.config.ONTRAPORT_TIMEOUT_MS + 5_000;

  constructor(private readonly db: DataSource) {}

  /**
   * Waits until the account may send one more request; the wait spends no retry attempt. A full
   * window gives a reservation to sleep on (one waiter per freed slot), checked again at wake-up.
   */
  async take(account: string, maxWaitMs = Infinity): Promise<RateSlot> {
    let waitedMs = 0;
    let slot: number | null = null;
    for (;;) {
      const [row]: Array<{ slot: string; wait_ms: number; settle: boolean }> = await this.db.query(`SELECT slot, wait_ms, settle FROM take_rate_slot($1, $2, $3, $4, $5)`, [
        account,
        this.config.ONTRAPORT_RATE_LIMIT,
        this.config.ONTRAPORT_RATE_WINDOW_MS,
        slot,
        this.inFlightMs,
      ]);
      slot = Number(row.slot);
      if (row.wait_ms <= 0) return { slot, waitedMs, settle: row.settle };
      if (waitedMs + row.wait_ms > maxWaitMs) {
        // The caller cannot wait that long (an admin waiting on a credentials test): give the turn back.
        await this.db.query(`DELETE FROM rate_slots WHERE id = $1`, [slot]);
        throw new TransientError('ONTRAPORT_RATE_LIMITED', `the account's rate window is full for another ${Math.ceil(row.wait_ms / 1000)} s`);
      }
      waitedMs += row.wait_ms;
      await sleep(row.wait_ms);
    }
  }

  /** The request was answered: the slot counts from now, no longer as in flight. */
  async settle(slot: number): Promise<void> {
    await this.db.query(`UPDATE rate_slots SET at = clock_timestamp(), in_flight = false WHERE id = $1`, [slot]);
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
