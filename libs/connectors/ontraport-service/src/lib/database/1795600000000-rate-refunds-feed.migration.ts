import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What every replica must share beyond delivered commands:
 * - the rolling rate window per ONTRAPORT account (`rate_slots`, one row per request, timed by
 *   the database clock so replicas on different hosts agree) and pauses ONTRAPORT asked for
 *   (`rate_pauses`, from 429 / X-Rate-Limit-Reset);
 * - how much of each order has been refunded (cart refund amounts are running totals);
 * - the item feed ONTRAPORT polls, with the product mapping applied.
 */
export class RateRefundsFeed1795600000000 implements MigrationInterface {
  name = 'RateRefundsFeed1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rate_slots (
      id bigserial PRIMARY KEY,
      account text NOT NULL,
      at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX rate_slots_account_at ON rate_slots (account, at)`);
    await q.query(`CREATE TABLE rate_pauses (account text PRIMARY KEY, until timestamptz NOT NULL)`);
    // One round trip per request: under a per-account advisory lock, forget slots older than the
    // window, then take one (→ its id) or say how long to wait (→ minus milliseconds).
    await q.query(`CREATE FUNCTION take_rate_slot(p_account text, p_limit int, p_window_ms int) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        v_now timestamptz := clock_timestamp();
        v_window interval := make_interval(secs => p_window_ms / 1000.0);
        v_until timestamptz;
        v_count int;
        v_oldest timestamptz;
        v_id bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('ontraport-rate:' || p_account));
        SELECT until INTO v_until FROM rate_pauses WHERE account = p_account;
        IF v_until IS NOT NULL AND v_until > v_now THEN
          RETURN -GREATEST(1, ceil(extract(epoch FROM (v_until - v_now)) * 1000))::bigint;
        END IF;
        DELETE FROM rate_slots WHERE account = p_account AND at <= v_now - v_window;
        SELECT count(*), min(at) INTO v_count, v_oldest FROM rate_slots WHERE account = p_account;
        IF v_count < p_limit THEN
          INSERT INTO rate_slots (account, at) VALUES (p_account, v_now) RETURNING id INTO v_id;
          RETURN v_id;
        END IF;
        RETURN -GREATEST(1, ceil(extract(epoch FROM (v_oldest + v_window - v_now)) * 1000))::bigint;
      END $$`);
    await q.query(`CREATE TABLE order_refunds (
      merchant_id text NOT NULL,
      order_id text NOT NULL,
      refunded_minor bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (merchant_id, order_id)
    )`);
    await q.query(`CREATE TABLE feed_items (
      merchant_id text NOT NULL,
      item_id text NOT NULL,
      product_name text NOT NULL,
      external_id text,
      product_id bigint,
      description text,
      price_minor bigint,
      currency text,
      inactive boolean NOT NULL DEFAULT false,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (merchant_id, item_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feed_items`);
    await q.query(`DROP TABLE order_refunds`);
    await q.query(`DROP FUNCTION take_rate_slot(text, int, int)`);
    await q.query(`DROP TABLE rate_pauses`);
    await q.query(`DROP TABLE rate_slots`);
  }
}
