/**
 * Claims carry their owner's token (real PostgreSQL): a replica that stalled past its lease, and
 * whose command another replica took over, changes nothing any more — not the lease, the give-back
 * (which would free the new holder's claim for a third replica) nor the result — and each of those
 * writes tells it so. Also the migration that adds the token, over a table written before it.
 */
import { DataSource } from 'typeorm';
import { ONTRAPORT_MIGRATIONS, OntraportIdsStore } from '@hub/ontraport-service';
import { migrateSchema } from '@hub/persistence';
import { createTestSchema, TestSchema } from '@hub/testing';

const KEY = 'ontraport:sale:M1:FENCE-1';
const LEASE_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ontraport-connector: claims fenced by their owner', () => {
  let schema: TestSchema;
  let db: DataSource;
  let ids: OntraportIdsStore;

  beforeAll(async () => {
    schema = await createTestSchema('ontraport_fence');
    // The schema as it was before claims had owners, with a command held under it (expired).
    const owners = ONTRAPORT_MIGRATIONS.findIndex((m) => m.name === 'CommandClaimOwners1795900000000');
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations: ONTRAPORT_MIGRATIONS.slice(0, owners) });
    await schema.query(`INSERT INTO delivered_commands (idempotency_key, merchant_id, result, claimed_until) VALUES ('OLD', 'M1', NULL, now() - interval '1 second')`);
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations: ONTRAPORT_MIGRATIONS });
    db = new DataSource({ type: 'postgres', url: schema.url, schema: schema.schema, extra: { options: `-c search_path=${schema.schema}` } });
    await db.initialize();
    ids = new OntraportIdsStore(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  const row = async (key = KEY) =>
    (await schema.query<{ result: object | null; held: boolean }>(`SELECT result, claimed_until > now() AS held FROM delivered_commands WHERE idempotency_key = $1`, [key]))[0];

  it('migrates a command claimed before the column existed: no owner, taken over once its lease ran out', async () => {
    expect(await schema.query(`SELECT claim_token FROM delivered_commands WHERE idempotency_key = 'OLD'`)).toEqual([{ claim_token: null }]);
    const claim = await ids.claim('OLD', 'M1', 30_000);
    expect(claim.state).toBe('reclaimed');
    expect(await ids.markDelivered('OLD', (claim as { token: string }).token, { transactionId: 4 })).toBe(true);
    expect(await row('OLD')).toEqual({ result: { transactionId: 4 }, held: null });
  });

  it('lets the stalled holder change nothing once another replica took the command over, and tells it so', async () => {
    const first = await ids.claim(KEY, 'M1', LEASE_MS);
    if (first.state !== 'claimed') throw new Error(`first claim: ${first.state}`);
    expect(await ids.renew(KEY, first.token, LEASE_MS)).toBe(true);
    await sleep(LEASE_MS + 100);
    const second = await ids.claim(KEY, 'M1', 30_000);
    if (second.state !== 'reclaimed') throw new Error(`second claim: ${second.state}`);

    expect(await ids.renew(KEY, first.token, 60_000)).toBe(false);
    expect(await ids.release(KEY, first.token)).toBe(false);
    // Its give-back did not free the new holder's claim for a third replica.
    expect((await ids.claim(KEY, 'M1', LEASE_MS)).state).toBe('busy');
    expect(await ids.markDelivered(KEY, first.token, { transactionId: 1 })).toBe(false);
    expect(await row()).toEqual({ result: null, held: true });

    expect(await ids.markDelivered(KEY, second.token, { transactionId: 2 })).toBe(true);
    expect(await ids.markDelivered(KEY, first.token, { transactionId: 1 })).toBe(false);
    expect(await ids.claim(KEY, 'M1', LEASE_MS)).toEqual({ state: 'done', result: { transactionId: 2 } });
  });

  it('rolls the column back', async () => {
    const q = db.createQueryRunner();
    try {
      const owners = ONTRAPORT_MIGRATIONS.find((m) => m.name === 'CommandClaimOwners1795900000000');
      if (!owners) throw new Error('the claim-owners migration is not among ONTRAPORT_MIGRATIONS');
      await new owners().down(q);
      expect(await schema.query(`SELECT 1 FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'claim_token'`, [schema.schema])).toEqual([]);
      await new owners().up(q);
    } finally {
      await q.release();
    }
  });
});
