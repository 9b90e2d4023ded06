/**
 * mapping's configuration API against the real services it calls: credentials tested on save by
 * the real connectors (against the ONTRAPORT and Infusionsoft simulators), webhook credentials
 * stored by ingest and used by the cart at once, channel partners stored by order-import — all
 * through a merchant created by the operator, with tokens that stay within their merchant.
 */
import { dropSchemas, HubLauncher, migrateAll } from '@hub/dev-tools';
import { DEFAULT_APP as INFUSIONSOFT_APP, InfusionsoftSimulator, startInfusionsoftSimulator } from '@hub/infusionsoft-simulator';
import { OntraportSimulator, startOntraportSimulator } from '@hub/ontraport-simulator';
import { DEV_MASTER_KEY } from '@hub/platform';
import { createTestVhost, freePort, TEST_DATABASE_URL, TestVhost, ucOrderFixture, uniqueName } from '@hub/testing';

const OPERATOR = 'e2e-operator-token-0123456789abcdef';

describe('the configuration API, through the services it configures', () => {
  const prefix = uniqueName('e2ecfg');
  let vhost: TestVhost;
  let hub: HubLauncher;
  let ontraport: OntraportSimulator;
  let infusionsoft: InfusionsoftSimulator;
  let admin = '';

  const call = async <T = Record<string, unknown>>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${hub.url('mapping')}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as T };
  };

  beforeAll(async () => {
    vhost = await createTestVhost('e2ecfg');
    await migrateAll(TEST_DATABASE_URL, prefix, () => undefined);
    ontraport = await startOntraportSimulator({ accounts: [{ appId: 'cfg-app', apiKey: 'cfg-right-key' }] });
    infusionsoft = await startInfusionsoftSimulator({ host: '127.0.0.1', apps: [INFUSIONSOFT_APP] });
    const services = ['ingest', 'mapping', 'order-import', 'ontraport-connector', 'infusionsoft-connector'];
    hub = new HubLauncher({
      services,
      ports: Object.fromEntries(await Promise.all(services.map(async (s) => [s, await freePort()] as const))),
      schemaPrefix: prefix,
      env: {
        AMQP_URL: vhost.url,
        DATABASE_URL: TEST_DATABASE_URL,
        HUB_MASTER_KEYS: DEV_MASTER_KEY,
        HUB_OPERATOR_TOKEN: OPERATOR,
        ONTRAPORT_BASE_URL: ontraport.url,
        INFUSIONSOFT_LEGACY_URL: infusionsoft.legacyUrlTemplate,
        INFUSIONSOFT_OAUTH_URL: infusionsoft.oauthUrl,
        LOG_LEVEL: 'warn',
      },
    });
    await hub.startAll();
    expect((await call('POST', '/merchants', OPERATOR, { merchantId: 'CFG', name: 'Config Inc.' })).status).toBe(201);
    admin = (await call<{ token: string }>('POST', '/merchants/CFG/tokens', OPERATOR, { role: 'admin', label: 'e2e' })).body.token;
  }, 180_000);

  afterAll(async () => {
    await hub?.stopAll();
    await ontraport?.close();
    await infusionsoft?.close();
    await vhost?.dispose();
    await dropSchemas(TEST_DATABASE_URL, prefix);
  }, 60_000);

  it('stores an ONTRAPORT key only once ONTRAPORT accepts it', async () => {
    const wrong = await call<{ code: string }>('PUT', '/merchants/CFG/crms/ontraport/credentials', admin, { appId: 'cfg-app', apiKey: 'cfg-wrong-key' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('CREDENTIALS_REJECTED');
    expect((await call<{ credentials: { status: string } }>('GET', '/merchants/CFG/crms/ontraport', admin)).body.credentials.status).toBe('missing');
    const right = await call<{ credentials: { status: string; fields: Record<string, string> } }>('PUT', '/merchants/CFG/crms/ontraport/credentials', admin, {
      appId: 'cfg-app',
      apiKey: 'cfg-right-key',
    });
    expect(right.status).toBe(200);
    expect(right.body.credentials).toMatchObject({ status: 'working', fields: { appId: 'cfg-app', apiKey: '…-key' } });
  });

  it('stores Infusionsoft credentials only once Infusionsoft accepts them', async () => {
    const wrong = await call('PUT', '/merchants/CFG/crms/infusionsoft/credentials', admin, { auth: 'api-key', appName: INFUSIONSOFT_APP.name, apiKey: 'not-the-key' });
    expect(wrong.status).toBe(422);
    const right = await call<{ credentials: { status: string } }>('PUT', '/merchants/CFG/crms/infusionsoft/credentials', admin, {
      auth: 'api-key',
      appName: INFUSIONSOFT_APP.name,
      apiKey: INFUSIONSOFT_APP.apiKey,
    });
    expect(right.status).toBe(200);
    expect(right.body.credentials.status).toBe('working');
  });

  it('sets the cart’s webhook credentials in ingest, which accepts them at once', async () => {
    const set = await call('PUT', '/merchants/CFG/webhook-credentials', admin, { username: 'cart', password: 'cfg-webhook-password' });
    expect(set).toEqual({ status: 200, body: { merchantId: 'CFG', username: 'cart', signed: false } });
    const post = (password: string) =>
      fetch(`${hub.url('ingest')}/webhooks/ultracart/CFG`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from(`cart:${password}`).toString('base64') },
        body: JSON.stringify({ events: [{ order_create: ucOrderFixture('CFG-1') }] }),
      });
    expect((await post('cfg-webhook-password')).status).toBe(200);
    expect((await post('something-else')).status).toBe(401);
  });

  it('creates, changes and removes a channel partner in order-import', async () => {
    expect((await call('PUT', '/merchants/CFG/channel-partners/AMZ', admin, { password: 'partner-pass-1' })).body).toMatchObject({ outcome: 'created' });
    expect((await call('PUT', '/merchants/CFG/channel-partners/AMZ', admin, { password: 'partner-pass-2' })).body).toMatchObject({ outcome: 'updated' });
    expect((await call('DELETE', '/merchants/CFG/channel-partners/AMZ', admin)).body).toMatchObject({ outcome: 'deleted' });
  });
});
