/**
 * RateSlotOneScan rewrote take_rate_slot to read the account's slots once instead of three times
 * (real PostgreSQL): the same sequence of requests gets the same answers from the function before
 * and after it (go now or wait how long, re-time the slot or not), through a full window, a
 * reservation taken up when its time comes, and an account holding more slots than the limit;
 * and the migration rolls back to the previous function.
 */
import { DataSource } from 'typeorm';
import { ONTRAPORT_MIGRATIONS } from '@hub/ontraport-service';
import { migrateSchema } from '@hub/persistence';
import { createTestSchema, TestSchema } from '@hub/testing';

const LIMIT = 4;
const WINDOW_MS = 600;
const IN_FLIGHT_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  slot: string;
  wait_ms: number;
  settle: boolean;
}

describe('ontraport-connector: take_rate_slot in one scan', () => {
  const sides: Array<{ schema: TestSchema; db: DataSource }> = [];
  const oneScan = ONTRAPORT_MIGRATIONS.findIndex((m) => m.name === 'RateSlotOneScan1796000000000');

  beforeAll(async () => {
    for (const migrations of [ONTRAPORT_MIGRATIONS.slice(0, oneScan), ONTRAPORT_MIGRATIONS]) {
      const schema = await createTestSchema('ontraport_rate_scan');
      await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations });
      const db = new DataSource({ type: 'postgres', url: schema.url, schema: schema.schema, extra: { options: `-c search_path=${schema.schema}` } });
      await db.initialize();
      sides.push({ schema, db });
    }
  });

  afterAll(async () => {
    for (const { schema, db } of sides) {
      await db.destroy();
      await schema.drop();
    }
  });

  /** The same call on both sides at once: before's answer, then after's. */
  async function take(account: string, slots: Array<string | null> = [null, null]): Promise<[Answer, Answer]> {
    const [before, after] = await Promise.all(
      sides.map(async ({ db }, i) => {
        const [row]: Answer[] = await db.query(`SELECT slot::text, wait_ms, settle FROM take_rate_slot($1, $2, $3, $4, $5)`, [account, LIMIT, WINDOW_MS, slots[i], IN_FLIGHT_MS]);
        return row;
      }),
    );
    return [before, after];
  }

  const same = ([before, after]: [Answer, Answer]) => {
    expect(after.settle).toBe(before.settle);
    expect(after.wait_ms > 0).toBe(before.wait_ms > 0);
    // Both sides are asked at once; a busy machine may answer one a little later than the other.
    expect(Math.abs(after.wait_ms - before.wait_ms)).toBeLessThanOrEqual(150);
    return after;
  };

  it('answers as the function before it did: sending, a full window, a reservation taken up, more slots held than the limit', async () => {
    const answers: Array<[number, boolean]> = [];
    for (let i = 0; i < LIMIT; i++) {
      const a = same(await take('A'));
      answers.push([a.wait_ms, a.settle]);
    }
    // Sent at once; re-timed from half the limit.
    expect(answers).toEqual([
      [0, false],
      [0, true],
      [0, true],
      [0, true],
    ]);
    // The window is full: a reservation for when the first slot leaves it (in flight: window + allowance).
    const [before, after] = await take('A');
    same([before, after]);
    expect(after.wait_ms).toBeGreaterThan(WINDOW_MS);
    expect(after.wait_ms).toBeLessThanOrEqual(WINDOW_MS + IN_FLIGHT_MS + 150);
    // Another account is not held up by it.
    expect(same(await take('B')).wait_ms).toBe(0);
    // Its time has come: the reservation is taken up.
    await sleep(Math.max(before.wait_ms, after.wait_ms) + 20);
    const up = same(await take('A', [before.slot, after.slot]));
    expect(up.wait_ms).toBe(0);
    expect([before.slot, after.slot]).toContain(up.slot);
    // More requests than the limit: the account holds more slots than the limit (the sort's case), and they wait.
    const waits: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) waits.push(same(await take('A')).wait_ms);
    expect(waits[waits.length - 1]).toBeGreaterThan(0);
    const [{ n }]: Array<{ n: number }> = await sides[1].db.query(`SELECT count(*)::int AS n FROM rate_slots WHERE account = 'A'`);
    expect(n).toBeGreaterThan(LIMIT);
  });

  it('rolls back to the function before it', async () => {
    const { db } = sides[1];
    const q = db.createQueryRunner();
    const source = async () => ((await db.query(`SELECT prosrc FROM pg_proc WHERE proname = 'take_rate_slot' AND pronamespace = current_schema()::regnamespace`)) as Array<{ prosrc: string }>)[0].prosrc;
    const [{ prosrc: previous }]: Array<{ prosrc: string }> = await sides[0].db.query(
      `SELECT prosrc FROM pg_proc WHERE proname = 'take_rate_slot' AND pronamespace = current_schema()::regnamespace`,
    );
    try {
      const migration = ONTRAPORT_MIGRATIONS[oneScan];
      expect(await source()).toContain('v_held');
      await new migration().down(q);
      expect(await source()).toBe(previous);
      await new migration().up(q);
      expect(await source()).toContain('v_held');
    } finally {
      await q.release();
    }
  });
});
