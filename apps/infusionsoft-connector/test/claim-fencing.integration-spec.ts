/**
 * Claims carry their owner's token (real PostgreSQL): a replica that stalled past its lease, and
 * whose command another replica took over, writes nothing any more — not its lease, its older
 * progress, its give-back nor "delivered" — and each of those writes tells it so; a name claim's
 * late release likewise. Also the migration that adds the tokens, over a table written before it.
 */
import { DataSource } from 'typeorm';
import { DeliveryStore, INFUSIONSOFT_MIGRATIONS } from '@hub/infusionsoft-service';
import { migrateSchema } from '@hub/persistence';
import { createTestSchema, TestSchema } from '@hub/testing';

const KEY = 'infusionsoft:order:M1:ORD-FENCE';
const LEASE_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('infusionsoft-connector: claims fenced by their owner', () => {
  let schema: TestSchema;
  let db: DataSource;
  let store: DeliveryStore;

  beforeAll(async () => {
    schema = await createTestSchema('infusionsoft_fence');
    // The schema as it was before claims had owners, with a command held under it.
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations: INFUSIONSOFT_MIGRATIONS.slice(0, 2) });
    await schema.query(
      `INSERT INTO delivered_commands (idempotency_key, merchant_id, routing_key, progress, claimed_until, attempts) VALUES ('OLD', 'M1', 'crm.infusionsoft.order.v1', '{"contactId": 5}', now() - interval '1 second', 1)`,
    );
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations: INFUSIONSOFT_MIGRATIONS });
    db = new DataSource({ type: 'postgres', url: schema.url, schema: schema.schema, extra: { options: `-c search_path=${schema.schema}` } });
    await db.initialize();
    store = new DeliveryStore(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await schema?.drop();
  });

  const row = async (key = KEY) =>
    (await schema.query<{ progress: object; delivered: boolean; held: boolean; attempts: number }>(
      `SELECT progress, delivered_at IS NOT NULL AS delivered, claimed_until > clock_timestamp() AS held, attempts FROM delivered_commands WHERE idempotency_key = $1`,
      [key],
    ))[0];

  it('migrates a command claimed before the column existed: no owner, taken over once its lease ran out, with its progress', async () => {
    expect(await schema.query(`SELECT claim_token FROM delivered_commands WHERE idempotency_key = 'OLD'`)).toEqual([{ claim_token: null }]);
    const claim = await store.claim('OLD', 'M1', 'crm.infusionsoft.order.v1', 30_000);
    expect(claim).toMatchObject({ state: 'claimed', progress: { contactId: 5 }, attempts: 2 });
    expect(await store.markDelivered('OLD', (claim as { token: string }).token, { contactId: 5, jobId: 9 })).toBe(true);
    expect(await row('OLD')).toMatchObject({ delivered: true, progress: { contactId: 5, jobId: 9 } });
  });

  it('lets the stalled holder change nothing once another replica took the command over, and tells it so', async () => {
    const first = await store.claim(KEY, 'M1', 'crm.infusionsoft.order.v1', LEASE_MS);
    if (first.state !== 'claimed') throw new Error(`first claim: ${first.state}`);
    expect(await store.saveProgress(KEY, first.token, { contactId: 11 })).toBe(true);
    expect(await store.renew(KEY, first.token, LEASE_MS)).toBe(true);
    // Still held: nobody else gets it.
    expect((await store.claim(KEY, 'M1', 'crm.infusionsoft.order.v1', LEASE_MS)).state).toBe('busy');

    await sleep(LEASE_MS + 100); // the first holder stalls past its lease; the second takes over
    const second = await store.claim(KEY, 'M1', 'crm.infusionsoft.order.v1', 30_000);
    if (second.state !== 'claimed') throw new Error(`second claim: ${second.state}`);
    expect(second.progress).toEqual({ contactId: 11 });
    expect(await store.saveProgress(KEY, second.token, { contactId: 11, actionSetsRun: [7] })).toBe(true);

    // The first holder wakes up: every write it makes is refused and changes nothing.
    expect(await store.renew(KEY, first.token, 60_000)).toBe(false);
    expect(await store.saveProgress(KEY, first.token, { contactId: 11 })).toBe(false);
    expect(await store.release(KEY, first.token, { contactId: 11 })).toBe(false);
    expect(await row()).toMatchObject({ progress: { contactId: 11, actionSetsRun: [7] }, held: true, delivered: false, attempts: 2 });
    // Its give-back did not free the claim: a third replica still finds it busy.
    expect((await store.claim(KEY, 'M1', 'crm.infusionsoft.order.v1', LEASE_MS)).state).toBe('busy');
    expect(await store.markDelivered(KEY, first.token, { contactId: 11 })).toBe(false);
    expect(await row()).toMatchObject({ progress: { contactId: 11, actionSetsRun: [7] }, delivered: false });

    // The new owner finishes; a late write of either holder after that changes nothing either.
    expect(await store.markDelivered(KEY, second.token, { contactId: 11, actionSetsRun: [7], jobId: 3 })).toBe(true);
    expect(await store.release(KEY, first.token, { contactId: 11 })).toBe(false);
    expect(await store.release(KEY, second.token, {})).toBe(false);
    expect(await row()).toMatchObject({ progress: { contactId: 11, actionSetsRun: [7], jobId: 3 }, delivered: true });
    expect(await store.claim(KEY, 'M1', 'crm.infusionsoft.order.v1', LEASE_MS)).toEqual({ state: 'done', progress: { contactId: 11, actionSetsRun: [7], jobId: 3 } });
  });

  it('gives a claim back to the next replica only from its holder', async () => {
    const key = `${KEY}-2`;
    const first = await store.claim(key, 'M1', 'crm.infusionsoft.order.v1', 30_000);
    if (first.state !== 'claimed') throw new Error(`first claim: ${first.state}`);
    expect(await store.release(key, first.token, { contactId: 4 })).toBe(true);
    const next = await store.claim(key, 'M1', 'crm.infusionsoft.order.v1', 30_000);
    expect(next).toMatchObject({ state: 'claimed', progress: { contactId: 4 }, attempts: 2 });
    // The holder that gave it back has no say any more.
    expect(await store.saveProgress(key, first.token, {})).toBe(false);
    expect(await store.renew(key, first.token, 30_000)).toBe(false);
  });

  it('leaves a name claim taken over to its new holder when the one before it, past its TTL, lets go', async () => {
    const first = await store.claimName('acme:tag:VIP', LEASE_MS);
    expect(first).toEqual(expect.any(String));
    // Held: nobody else gets the name while its lease runs.
    expect(await store.claimName('acme:tag:VIP', LEASE_MS)).toBeUndefined();
    await sleep(LEASE_MS + 100);
    // Past its TTL the name is taken over, under a new owner token.
    const second = await store.claimName('acme:tag:VIP', 30_000);
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    // The first holder letting go releases nothing of the second's claim...
    await store.releaseName('acme:tag:VIP', first as string);
    expect(await store.claimName('acme:tag:VIP', 30_000)).toBeUndefined();
    // ...while the second's release frees it for the next claimant.
    await store.releaseName('acme:tag:VIP', second as string);
    expect(await store.claimName('acme:tag:VIP', 30_000)).toEqual(expect.any(String));
  });

  it('rolls the columns back', async () => {
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations: INFUSIONSOFT_MIGRATIONS });
    const q = db.createQueryRunner();
    try {
      await new INFUSIONSOFT_MIGRATIONS[2]().down(q);
      expect(await schema.query(`SELECT table_name FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'claim_token'`, [schema.schema])).toEqual([]);
      await new INFUSIONSOFT_MIGRATIONS[2]().up(q);
    } finally {
      await q.release();
    }
  });
});
