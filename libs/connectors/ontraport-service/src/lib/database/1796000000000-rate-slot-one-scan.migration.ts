import { MigrationInterface, QueryRunner } from 'typeorm';
import { TAKE_RATE_SLOT_IN_FLIGHT } from './1795800000000-rate-slots-in-flight.migration';

/**
 * take_rate_slot with the same answers for less work when a slot is taken. It counted the
 * account's slots in the window in one scan and, before that, sorted every slot the account holds
 * to find the limit-th latest (`OFFSET limit - 1`), which does not exist while the account holds
 * fewer slots than the limit: far from the limit, the usual case, all of that sort was wasted. Now
 * one scan counts both the slots held and those in the window; the sort runs only when the
 * account holds at least `limit` slots. Measured alone (62 accounts, 90 slots in flight each):
 * tools/bench/e2e/README.md.
 */
export class RateSlotOneScan1796000000000 implements MigrationInterface {
  name = 'RateSlotOneScan1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION take_rate_slot(p_account text, p_limit int, p_window_ms int, p_slot bigint, p_in_flight_ms int)
      RETURNS TABLE (slot bigint, wait_ms int, settle boolean) LANGUAGE plpgsql AS $$
      DECLARE
        v_now timestamptz := clock_timestamp();
        v_window interval := make_interval(secs => p_window_ms / 1000.0);
        v_flight interval := make_interval(secs => p_in_flight_ms / 1000.0);
        v_from timestamptz;
        v_sent int;
        v_held int;
        v_in_window int;
        v_lth timestamptz;
        v_at timestamptz;
        v_id bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('ontraport-rate:' || p_account));
        SELECT GREATEST(v_now, until) INTO v_from FROM rate_pauses WHERE account = p_account;
        v_from := COALESCE(v_from, v_now);
        -- A slot counts until (its time, plus the flight allowance while in flight) + the window.
        DELETE FROM rate_slots WHERE account = p_account AND at <= v_now - v_window AND (NOT in_flight OR at <= v_now - v_window - v_flight)
          AND id IS DISTINCT FROM p_slot;
        -- One scan: the slots the account holds (sent or reserved), and those sent in the window (this reservation's left out).
        SELECT count(*) FILTER (WHERE id IS DISTINCT FROM p_slot),
               count(*) FILTER (WHERE id IS DISTINCT FROM p_slot AND at <= v_now AND at + CASE WHEN in_flight THEN v_flight ELSE interval '0' END > v_now - v_window)
          INTO v_held, v_in_window FROM rate_slots WHERE account = p_account;
        IF p_slot IS NOT NULL THEN
          -- A reservation whose time has come: go if the requests sent in the last window leave room.
          IF v_from = v_now AND v_in_window < p_limit THEN
            UPDATE rate_slots SET at = v_now, in_flight = true WHERE id = p_slot;
            IF FOUND THEN
              RETURN QUERY SELECT p_slot, 0, (v_in_window + 1) * 2 >= p_limit;
              RETURN;
            END IF;
          END IF;
          DELETE FROM rate_slots WHERE id = p_slot;
        END IF;
        -- The first moment with room: the limit-th latest slot (sent or reserved) must have left the
        -- window. An account holding fewer slots than the limit has none.
        IF v_held >= p_limit THEN
          SELECT r.at + CASE WHEN r.in_flight THEN v_flight ELSE interval '0' END INTO v_lth FROM rate_slots r
            WHERE r.account = p_account ORDER BY 1 DESC OFFSET p_limit - 1 LIMIT 1;
        END IF;
        v_at := GREATEST(v_from, COALESCE(v_lth + v_window, v_from));
        v_sent := 0;
        IF v_at <= v_now THEN
          v_sent := v_in_window;
          IF v_sent >= p_limit THEN
            v_at := v_now + make_interval(secs => 0.005);
          END IF;
        END IF;
        -- Sent now: in flight. Later: a reservation, which goes in flight when it is taken up.
        INSERT INTO rate_slots (account, at, in_flight) VALUES (p_account, GREATEST(v_at, v_now), v_at <= v_now) RETURNING id INTO v_id;
        RETURN QUERY SELECT v_id, GREATEST(0, ceil(extract(epoch FROM (v_at - v_now)) * 1000))::int, (v_sent + 1) * 2 >= p_limit;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION take_rate_slot(text, int, int, bigint, int)`);
    await q.query(TAKE_RATE_SLOT_IN_FLIGHT);
  }
}
