import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { DEMO, dropSchemas, HUB_SERVICES, HubLauncher, migrateAll, seedDemo, seedMerchant, seedWebhookCredentials } from '@hub/dev-tools';
import { DEFAULT_APP as INFUSIONSOFT_APP, InfusionsoftSimulator, startInfusionsoftSimulator } from '@hub/infusionsoft-simulator';
import { OntraportSimulator, startOntraportSimulator } from '@hub/ontraport-simulator';
import { DEV_MASTER_KEY } from '@hub/platform';
import { createTestVhost, freePort, TEST_DATABASE_URL, TestVhost, uniqueName } from '@hub/testing';
import { AuthName, CORPUS_DIR, Placeholders } from './corpus';

const OPERATOR = 'bad-input-operator-token-0123456789abcdef';
/** The other merchant: the corpus uses its ids with the first merchant's valid credentials. */
export const OTHER = { merchantId: 'OTHER', adminToken: 'hubt_bad-input-other-admin-token-000000000000', webhookUser: 'other', webhookPassword: 'other-webhook-secret' };
const PARTNER = { code: 'BADCP', password: 'bad-input-partner-password-1' };

const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');

/**
 * The whole hub as real processes (all six services, both simulators), in a vhost and under a
 * schema prefix of its own, with two merchants: DEMO (whose credentials the corpus uses) and
 * OTHER (whose ids it tries to reach with them), each with one order already through.
 */
export class HubUnderTest {
  readonly prefix = uniqueName('badin');
  vhost!: TestVhost;
  hub!: HubLauncher;
  ontraport!: OntraportSimulator;
  infusionsoft!: InfusionsoftSimulator;
  readonly logs: Array<{ service: string; line: string }> = [];

  get schemas(): string[] {
    return HUB_SERVICES.filter((s) => s.schema).map((s) => `${this.prefix}_${s.schema}`);
  }

  readonly vars: Placeholders = { merchant: DEMO.merchantId, other: OTHER.merchantId, partner: PARTNER.code, partnerPassword: PARTNER.password };

  headersFor(auth: AuthName | undefined): Record<string, string> {
    switch (auth ?? 'none') {
      case 'none':
        return {};
      case 'admin':
        return { authorization: `Bearer ${DEMO.adminToken}` };
      case 'otherAdmin':
        return { authorization: `Bearer ${OTHER.adminToken}` };
      case 'badBearer':
        return { authorization: "Bearer hubt_' OR '1'='1" };
      case 'operator':
        return { authorization: `Bearer ${OPERATOR}` };
      case 'webhook':
        return { authorization: basic(DEMO.webhookUser, DEMO.webhookPassword) };
      case 'webhookWrong':
        return { authorization: basic(DEMO.webhookUser, 'wrong') };
      case 'otherWebhook':
        return { authorization: basic(OTHER.webhookUser, OTHER.webhookPassword) };
      case 'partner':
        return { authorization: basic(PARTNER.code, PARTNER.password) };
      case 'partnerWrong':
        return { authorization: basic(PARTNER.code, 'wrong') };
      case 'feedKey':
        return { 'api-key': DEMO.ontraportApiKey };
      default:
        throw new Error(`unknown auth ${auth as string}`);
    }
  }

  async start(): Promise<void> {
    this.vhost = await createTestVhost('badin');
    await migrateAll(TEST_DATABASE_URL, this.prefix, () => undefined);
    const schema = (s: string) => `${this.prefix}_${s}`;
    await seedDemo(TEST_DATABASE_URL, { ingest: schema('ingest'), mapping: schema('mapping') }, DEV_MASTER_KEY);
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      await seedMerchant(db, schema('mapping'), OTHER.merchantId, OTHER.adminToken);
      await seedWebhookCredentials(db, schema('ingest'), { merchantId: OTHER.merchantId, username: OTHER.webhookUser, password: OTHER.webhookPassword });
    } finally {
      await db.end();
    }
    this.ontraport = await startOntraportSimulator({ accounts: [{ appId: DEMO.ontraportAppId, apiKey: DEMO.ontraportApiKey }] });
    this.infusionsoft = await startInfusionsoftSimulator({ host: '127.0.0.1', apps: [INFUSIONSOFT_APP] });
    const services = HUB_SERVICES.map((s) => s.name);
    this.hub = new HubLauncher({
      services,
      ports: Object.fromEntries(await Promise.all(services.map(async (s) => [s, await freePort()] as const))),
      schemaPrefix: this.prefix,
      env: {
        AMQP_URL: this.vhost.url,
        DATABASE_URL: TEST_DATABASE_URL,
        HUB_MASTER_KEYS: DEV_MASTER_KEY,
        HUB_OPERATOR_TOKEN: OPERATOR,
        ONTRAPORT_BASE_URL: this.ontraport.url,
        INFUSIONSOFT_LEGACY_URL: this.infusionsoft.legacyUrlTemplate,
        INFUSIONSOFT_OAUTH_URL: this.infusionsoft.oauthUrl,
        AMQP_RETRY_BASE_MS: '50',
        LOG_LEVEL: 'info',
      },
      onLine: (service, line) => this.logs.push({ service, line }),
    });
    await this.hub.startAll();
    await this.seedThroughTheApi();
  }

  /** What only the services themselves can set up: a channel partner, and one real order per merchant. */
  private async seedThroughTheApi(): Promise<void> {
    const partner = await fetch(`${this.hub.url('mapping')}/merchants/${DEMO.merchantId}/channel-partners/${PARTNER.code}`, {
      method: 'PUT',
      headers: { ...this.headersFor('admin'), 'content-type': 'application/json' },
      body: JSON.stringify({ password: PARTNER.password }),
    });
    if (!partner.ok) throw new Error(`channel partner setup: ${partner.status} ${await partner.text()}`);
    // A catalog, so that an import whose only fault is the one a case plants would be imported.
    const catalog = await fetch(`${this.hub.url('order-import')}/channel_partner/${DEMO.merchantId}/catalog`, {
      method: 'PUT',
      headers: { ...this.headersFor('partner'), 'content-type': 'text/csv' },
      body: 'item_id,description,price,currency,physical\nBOOK,A book,10.00,USD,N\n',
    });
    if (!catalog.ok) throw new Error(`catalog setup: ${catalog.status} ${await catalog.text()}`);
    const order = readFileSync(resolve(CORPUS_DIR, 'raw/sample-order.json'), 'utf8');
    for (const [merchant, auth] of [[DEMO.merchantId, 'webhook'], [OTHER.merchantId, 'otherWebhook']] as const) {
      const res = await fetch(`${this.hub.url('ingest')}/webhooks/ultracart/${merchant}`, {
        method: 'POST',
        headers: { ...this.headersFor(auth), 'content-type': 'application/json' },
        body: order.replace(/DEMO-0009104420/g, `${merchant}-SEED-1`),
      });
      if (!res.ok) throw new Error(`seed order for ${merchant}: ${res.status} ${await res.text()}`);
    }
  }

  async stop(): Promise<void> {
    await this.hub?.stopAll();
    await this.ontraport?.close();
    await this.infusionsoft?.close();
    await this.vhost?.dispose();
    await dropSchemas(TEST_DATABASE_URL, this.prefix);
  }
}
