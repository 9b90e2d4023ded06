import { createHmac } from 'node:crypto';
import { RoutingKeys } from '@hub/messaging-contracts';
import { ucItemFixture, waitFor } from '@hub/testing';
import { IngestHarness, MERCHANT, receiptOf } from './ingest-harness';

const SECRET = 'whsec-for-tests';
const sign = (body: string | Buffer, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('ingest: optional HMAC signatures', () => {
  let hub: IngestHarness;

  beforeAll(async () => {
    hub = await IngestHarness.start({ label: 'ingest_signing' });
  }, 30_000);

  afterAll(() => hub?.close());

  afterEach(async () => {
    await hub.auth.setSigningSecret(MERCHANT, null);
    await hub.drain();
  });

  it('without a signing secret, Basic auth is enough and a signature header is not looked at', async () => {
    const body = JSON.stringify({ events: [{ item_update: ucItemFixture('S-1') }] });
    expect((await hub.post(body)).status).toBe(200);
    expect((await hub.post(body, { headers: { 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) } })).status).toBe(200);
  });

  it('with one, only a body signed with it over its exact bytes gets in; the secret is stored sealed', async () => {
    await hub.auth.setSigningSecret(MERCHANT, SECRET);
    const [row] = await hub.schema.query<{ signing_secret_sealed: string }>(`SELECT signing_secret_sealed FROM webhook_credentials WHERE merchant_id = $1`, [MERCHANT]);
    expect(row.signing_secret_sealed).toMatch(/^v1:/);
    expect(row.signing_secret_sealed).not.toContain(SECRET);

    // Pretty-printed on purpose: the signature covers the bytes sent, not a re-serialisation.
    const body = JSON.stringify({ events: [{ item_update: ucItemFixture('S-2') }] }, null, 2);
    const refused = [
      await hub.post(body),
      await hub.post(body, { headers: { 'x-hub-signature-256': sign(body, 'another-secret') } }),
      await hub.post(body, { headers: { 'x-hub-signature-256': sign(JSON.stringify(JSON.parse(body))) } }),
      await hub.post(body, { headers: { 'x-hub-signature-256': 'sha256=nothex' } }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', message: 'Invalid credentials' });
    }
    const ok = await hub.post(body, { headers: { 'x-hub-signature-256': sign(body).toUpperCase().replace('SHA256=', 'sha256=') } });
    expect(ok.status).toBe(200);
    expect((await receiptOf(ok)).events[0].outcome).toBe('published');
    // A verified password is remembered; the signature is checked on every request all the same.
    expect((await hub.post(body)).status).toBe(401);
    expect((await hub.collect(1)).map((m) => m.routingKey)).toEqual([RoutingKeys.cart.itemUpserted]);
  });

  it('signs the affiliate endpoint the same way (JSON routes keep the bytes beside the parsed body)', async () => {
    await hub.auth.setSigningSecret(MERCHANT, SECRET);
    const path = `/webhooks/affiliate-signups/${MERCHANT}`;
    const body = JSON.stringify({ affiliateId: 'S-3', email: 'sig@example.com', approved: true }, null, 1);
    expect((await hub.post(body, { path })).status).toBe(401);
    expect((await hub.post(body, { path, headers: { 'x-hub-signature-256': sign(body) } })).status).toBe(200);
    expect((await hub.collect(1)).map((m) => m.routingKey)).toEqual([RoutingKeys.cart.affiliateSignedUp]);
  });

  it('a changed password applies at once', async () => {
    const body = { events: [] };
    expect((await hub.post(body)).status).toBe(200);
    await hub.auth.setCredentials(MERCHANT, 'cart', 'rotated');
    try {
      expect((await hub.post(body)).status).toBe(401);
    } finally {
      await hub.auth.setCredentials(MERCHANT, 'cart', 's3cret');
    }
  });
});

describe('ingest: affiliate sign-ups on our own endpoint', () => {
  let hub: IngestHarness;
  const path = `/webhooks/affiliate-signups/${MERCHANT}`;
  const signup = { affiliateId: 1234, email: 'Pat@Example.com', firstName: 'Pat', lastName: 'Doe', approved: false };

  beforeAll(async () => {
    hub = await IngestHarness.start({ label: 'ingest_affiliates' });
  }, 30_000);

  afterAll(() => hub?.close());

  it('publishes cart.affiliate.signed-up.v1 once per affiliate and approval, and records it', async () => {
    const first = await hub.post(signup, { path });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ affiliateId: '1234', outcome: 'published' });
    expect(await (await hub.post(signup, { path })).json()).toEqual({ affiliateId: '1234', outcome: 'duplicate' });
    await hub.restart();
    expect(await (await hub.post(signup, { path })).json()).toEqual({ affiliateId: '1234', outcome: 'duplicate' });
    expect(await (await hub.post({ ...signup, approved: true }, { path })).json()).toEqual({ affiliateId: '1234', outcome: 'published' });

    const messages = await hub.collect(2);
    expect(messages.map((m) => [m.routingKey, m.body['approved']])).toEqual([
      [RoutingKeys.cart.affiliateSignedUp, false],
      [RoutingKeys.cart.affiliateSignedUp, true],
    ]);
    expect(messages[0].body).toEqual({ merchantId: MERCHANT, affiliateId: '1234', email: 'pat@example.com', firstName: 'Pat', lastName: 'Doe', approved: false });

    const records: Array<{ type: string; integration: string; status: string; customerEmail?: string; description: string }> = [];
    await waitFor(async () => {
      records.push(...(await hub.drainRecords<(typeof records)[number]>('hub.audit-log')));
      return records.length >= 4;
    });
    expect(records.map((r) => [r.integration, r.type, r.status, r.customerEmail])).toEqual(Array(4).fill(['affiliates', 'affiliate-signup', 'succeeded', 'pat@example.com']));
    expect(records[3].description).toBe('affiliate 1234 signed up (approved): published');
  });

  it('validates the body field by field, after authenticating', async () => {
    const bad = await hub.post({ affiliateId: 'a b', email: 'not-an-email', approved: 'yes', extra: 1 }, { path });
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field).sort();
    expect(fields).toEqual(['affiliateId', 'approved', 'email', 'extra']);
    expect((await hub.post({ affiliateId: 'a b' }, { path, authorization: 'Basic bm9ib2R5Om5vcGU=' })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(await hub.drain()).toEqual([]);
  });
});
