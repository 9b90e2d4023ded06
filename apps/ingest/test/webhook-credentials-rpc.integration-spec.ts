import { RpcPatterns, WebhookCredentialsReply } from '@hub/messaging-contracts';
import { MessagePublisher, startConsumers } from '@hub/messaging-nest';
import { ucOrderFixture } from '@hub/testing';
import { basic, IngestHarness } from './ingest-harness';

/** mapping's config API sets a merchant's webhook credentials through this RPC; ingest owns the table. */
describe('ingest: webhook credentials set over RPC', () => {
  let hub: IngestHarness;
  let publisher: MessagePublisher;
  const body = { events: [{ order_create: ucOrderFixture('RPC-1') }] };
  const post = (user: string, password: string) => hub.post(body, { path: '/webhooks/ultracart/M7', authorization: basic(user, password) });

  beforeAll(async () => {
    hub = await IngestHarness.start({ label: 'ingest-credrpc' });
    await (await startConsumers(hub.app)).ready();
    publisher = hub.app.get(MessagePublisher);
  }, 30_000);

  afterAll(() => hub?.close());

  it('creates credentials the cart can use at once, and stores only a hash of the password', async () => {
    expect((await post('shop', 'first-password-1')).status).toBe(401);
    const reply = await publisher.request<WebhookCredentialsReply>(RpcPatterns.ingest.setWebhookCredentials, { merchantId: 'M7', username: 'shop', password: 'first-password-1' });
    expect(reply).toEqual({ merchantId: 'M7', username: 'shop', signed: false });
    expect((await post('shop', 'first-password-1')).status).toBe(200);
    const rows = await hub.schema.query<{ h: string }>(`SELECT password_hash AS h FROM webhook_credentials WHERE merchant_id = 'M7'`);
    expect(rows[0].h).toMatch(/^scrypt\$/);
    expect(rows[0].h).not.toContain('first-password-1');
  });

  it('changes the password (the old one stops working on this replica at once) and can ask for signatures', async () => {
    const reply = await publisher.request<WebhookCredentialsReply>(RpcPatterns.ingest.setWebhookCredentials, {
      merchantId: 'M7',
      username: 'shop',
      password: 'second-password-2',
      signingSecret: 'a-signing-secret-of-32-characters',
    });
    expect(reply.signed).toBe(true);
    expect((await post('shop', 'first-password-1')).status).toBe(401);
    // Signed bodies are now required: the right password alone is not enough.
    expect((await post('shop', 'second-password-2')).status).toBe(401);
    const off = await publisher.request<WebhookCredentialsReply>(RpcPatterns.ingest.setWebhookCredentials, { merchantId: 'M7', username: 'shop', password: 'second-password-2', signingSecret: null });
    expect(off.signed).toBe(false);
    expect((await post('shop', 'second-password-2')).status).toBe(200);
  });

  it('refuses weak or malformed credentials field by field', async () => {
    await expect(publisher.request(RpcPatterns.ingest.setWebhookCredentials, { merchantId: 'M7', username: 'a:b', password: 'short' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/username.*password|password.*username/),
    });
  });
});
