import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Waiters take turns instead of stampeding: when the account's window is full, a request reserves
 * the first moment it may go (the limit-th latest slot + the window, or the end of a pause) and
 * sleeps until then, so each freed slot wakes one waiter, not all of them. At wake-up it checks
 * again against the requests actually sent (answers re-time their slots), and re-reserves if a
 * slow answer still occupies the window.
 */
export class RateReservations1795700000000 implements MigrationInterface {
  name = 'RateReservations1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION take_rate_slot(text, int, int)`);
    await q.query(`CREATE FUNCTION take_rate_slot(p_account text, p_limit int, p_window_ms int, p_slot bigint)
      RETURNS TABLE (slot bigint, wait_ms int) LANGUAGE plpgsql AS $$
      DECLARE
        v_now timestamptz := clock_timestamp();
        v_window interval := make_interval(secs => p_window_ms / 1000.0);
        v_from timestamptz;
        v_sent int;
        v_lth timestamptz;
        v_at timestamptz;
        v_id bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('ontraport-rate:' || p_account));
        SELECT GREATEST(v_now, until) INTO v_from FROM rate_pauses WHERE account = p_account;
        v_from := COALESCE(v_from, v_now);
        DELETE FROM rate_slots WHERE account = p_account AND at <= v_now - v_window AND id IS DISTINCT FROM p_slot;
        IF p_slot IS NOT NULL THEN
          -- A reservation whose time has come: go if the requests sent in the last window leave room.
          SELECT count(*) INTO v_sent FROM rate_slots WHERE account = p_account AND at > v_now - v_window AND at <= v_now AND id <> p_slot;
          IF v_from = v_now AND v_sent < p_limit THEN
            UPDATE rate_slots SET at = v_now WHERE id = p_slot;
            IF FOUND THEN
              RETURN QUERY SELECT p_slot, 0;
              RETURN;
            END IF;
          END IF;
          DELETE FROM rate_slots WHERE id = p_slot;
        END IF;
        -- The first moment with room: the limit-th latest slot (sent or reserved) must have left the window.
        SELECT r.at INTO v_lth FROM rate_slots r WHERE r.account = p_account ORDER BY r.at DESC OFFSET p_limit - 1 LIMIT 1;
        v_at := GREATEST(v_from, COALESCE(v_lth + v_window, v_from));
        IF v_at <= v_now THEN
          SELECT count(*) INTO v_sent FROM rate_slots WHERE account = p_account AND at > v_now - v_window AND at <= v_now;
          IF v_sent >= p_limit THEN
            v_at := v_now + make_interval(secs => 0.005);
          END IF;
        END IF;
        INSERT INTO rate_slots (account, at) VALUES (p_account, GREATEST(v_at, v_now)) RETURNING id INTO v_id;
        RETURN QUERY SELECT v_id, GREATEST(0, ceil(extract(epoch FROM (v_at - v_now)) * 1000))::int;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION take_rate_slot(text, int, int, bigint)`);
    // The previous function is restored by re-running RateRefundsFeed's up, which this does not repeat.
  }
}
