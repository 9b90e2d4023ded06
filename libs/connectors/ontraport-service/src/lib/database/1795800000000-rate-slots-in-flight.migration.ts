import { MigrationInterface, QueryRunner } from 'typeorm';

/** take_rate_slot as this migration creates it (RateSlotOneScan replaces it, and restores it on the way down). */
export const TAKE_RATE_SLOT_IN_FLIGHT = `CREATE FUNCTION take_rate_slot(p_account text, p_limit int, p_window_ms int, p_slot bigint, p_in_flight_ms int)
      RETURNS TABLE (slot bigint, wait_ms int, settle boolean) LANGUAGE plpgsql AS $$
      DECLARE
        v_now timestamptz := clock_timestamp();
        v_window interval := make_interval(secs => p_window_ms / 1000.0);
        v_flight interval := make_interval(secs => p_in_flight_ms / 1000.0);
        v_from timestamptz;
        v_sent int;
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
        IF p_slot IS NOT NULL THEN
          -- A reservation whose time has come: go if the requests sent in the last window leave room.
          SELECT count(*) INTO v_sent FROM rate_slots
            WHERE account = p_account AND at <= v_now AND at + CASE WHEN in_flight THEN v_flight ELSE interval '0' END > v_now - v_window AND id <> p_slot;
          IF v_from = v_now AND v_sent < p_limit THEN
            UPDATE rate_slots SET at = v_now, in_flight = true WHERE id = p_slot;
            IF FOUND THEN
              RETURN QUERY SELECT p_slot, 0, (v_sent + 1) * 2 >= p_limit;
              RETURN;
            END IF;
          END IF;
          DELETE FROM rate_slots WHERE id = p_slot;
        END IF;
        -- The first moment with room: the limit-th latest slot (sent or reserved) must have left the window.
        SELECT r.at + CASE WHEN r.in_flight THEN v_flight ELSE interval '0' END INTO v_lth FROM rate_slots r
          WHERE r.account = p_account ORDER BY 1 DESC OFFSET p_limit - 1 LIMIT 1;
        v_at := GREATEST(v_from, COALESCE(v_lth + v_window, v_from));
        v_sent := 0;
        IF v_at <= v_now THEN
          SELECT count(*) INTO v_sent FROM rate_slots
            WHERE account = p_account AND at <= v_now AND at + CASE WHEN in_flight THEN v_flight ELSE interval '0' END > v_now - v_window;
          IF v_sent >= p_limit THEN
            v_at := v_now + make_interval(secs => 0.005);
          END IF;
        END IF;
        -- Sent now: in flight. Later: a reservation, which goes in flight when it is taken up.
        INSERT INTO rate_slots (account, at, in_flight) VALUES (p_account, GREATEST(v_at, v_now), v_at <= v_now) RETURNING id INTO v_id;
        RETURN QUERY SELECT v_id, GREATEST(0, ceil(extract(epoch FROM (v_at - v_now)) * 1000))::int, (v_sent + 1) * 2 >= p_limit;
      END $$`;

/**
 * The second statement per request (re-timing its slot to the answer) only where it matters. A
 * slot handed out for sending is `in_flight`: ONTRAPORT counted it at some moment between the
 * slot's `at` and the answer, at most `p_in_flight_ms` later, so until it is settled the window
 * counts it as if sent that much later (it leaves the window `p_in_flight_ms` after a settled one
 * would). That is never behind ONTRAPORT's window, whether or not the answer is ever settled (a
 * replica that dies mid-request included). `settle` comes back true when the account's window
 * (this request included) is at least half full: then the connector re-times the slot to the
 * answer, as before, so near the limit a slot leaves the window as soon as ONTRAPORT's does. Far
 * from it the slot is left in flight, one round trip fewer; it only makes the window look fuller
 * for a while, which takes the connector closer to settling.
 */
export class RateSlotsInFlight1795800000000 implements MigrationInterface {
  name = 'RateSlotsInFlight1795800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rate_slots ADD COLUMN in_flight boolean NOT NULL DEFAULT false`);
    await q.query(`DROP FUNCTION take_rate_slot(text, int, int, bigint)`);
    await q.query(TAKE_RATE_SLOT_IN_FLIGHT);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION take_rate_slot(text, int, int, bigint, int)`);
    await q.query(`ALTER TABLE rate_slots DROP COLUMN in_flight`);
    // The previous function is restored by re-running RateReservations' up, which this does not repeat.
  }
}
