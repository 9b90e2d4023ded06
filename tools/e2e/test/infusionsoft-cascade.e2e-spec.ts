/**
 * The Infusionsoft cascade through real processes: the merchant's credentials are tested on save
 * (mapping → connector → simulator), a paid order posted to ingest becomes a contact, tags, a lead
 * source, an invoice with its lines and a payment in the Infusionsoft simulator, and every XML-RPC
 * call is in the transmission log with the API key stripped.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO, dropSchemas, HubLauncher, migrateAll, seedDemo } from '@hub/dev-tools';
import { DEFAULT_APP, startInfusionsoftSimulator, startSmtpSink, type InfusionsoftSimulator, type SmtpSink } from '@hub/infusionsoft-simulator';
import { DEV_MASTER_KEY } from '@hub/platform';
import { createTestVhost, freePort, TEST_DATABASE_URL, TestVhost, uniqueName, waitFor } from '@hub/testing';

const SAMPLE = JSON.parse(readFileSync(resolve(__dirname, '../../dev/sample-order.json'), 'utf8'));
const ORDER_ID = 'DEMO-IS-0001';
const AUTH = `Basic ${Buffer.from(`${DEMO.webhookUser}:${DEMO.webhookPassword}`).toString('base64')}`;

interface Transmission {
  id: string;
  integration: string;
  type: string;
  status: string;
  description: string;
  requestBody?: string;
  responseBody?: string;
}

describe('Infusionsoft cascade, end to end', () => {
  const prefix = uniqueName('e2eis');
  let vhost: TestVhost;
  let sim: InfusionsoftSimulator;
  let smtp: SmtpSink;
  let hub: HubLauncher;

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${hub.url('mapping')}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO.adminToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const rows = (table: string) => sim.app(DEFAULT_APP.name).tables.all(table);

  beforeAll(async () => {
    vhost = await createTestVhost('e2eis');
    await migrateAll(TEST_DATABASE_URL, prefix, () => undefined);
    await seedDemo(TEST_DATABASE_URL, { ingest: `${prefix}_ingest`, mapping: `${prefix}_mapping` }, DEV_MASTER_KEY);
    sim = await startInfusionsoftSimulator({ apps: [DEFAULT_APP] });
    for (const name of ['BOOK-1', 'PEN-7']) sim.app(DEFAULT_APP.name).tables.add('Product', { ProductName: name, ProductPrice: 1 });
    smtp = await startSmtpSink();
    const services = ['ingest', 'mapping', 'infusionsoft-connector', 'audit-log'];
    hub = new HubLauncher({
      services,
      ports: Object.fromEntries(await Promise.all(services.map(async (s) => [s, await freePort()] as const))),
      schemaPrefix: prefix,
      env: {
        AMQP_URL: vhost.url,
        DATABASE_URL: TEST_DATABASE_URL,
        HUB_MASTER_KEYS: DEV_MASTER_KEY,
        INFUSIONSOFT_LEGACY_URL: sim.legacyUrlTemplate,
        INFUSIONSOFT_OAUTH_URL: sim.oauthUrl,
        SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
        AMQP_RETRY_BASE_MS: '200',
        AMQP_RETRY_MAX_MS: '400',
        LOG_LEVEL: 'warn',
      },
    });
    await hub.startAll();
  }, 180_000);

  afterAll(async () => {
    await hub?.stopAll();
    await sim?.close();
    await smtp?.close();
    await vhost?.dispose();
    await dropSchemas(TEST_DATABASE_URL, prefix);
  }, 60_000);

  it('tests Infusionsoft credentials on save: a wrong key is refused with Infusionsoft\'s reason, a good one stored', async () => {
    const wrong = await admin('PUT', `/merchants/${DEMO.merchantId}/crms/infusionsoft/credentials`, { auth: 'api-key', appName: DEFAULT_APP.name, apiKey: 'not-the-key' });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { message: string }).message).toContain('[InvalidKey]Invalid Key');
    const unknownApp = await admin('PUT', `/merchants/${DEMO.merchantId}/crms/infusionsoft/credentials`, { auth: 'api-key', appName: 'nosuchapp', apiKey: DEFAULT_APP.apiKey });
    expect(unknownApp.status).toBe(422);
    expect(((await unknownApp.json()) as { message: string }).message).toContain('no Infusionsoft application named "nosuchapp"');
    const good = await admin('PUT', `/merchants/${DEMO.merchantId}/crms/infusionsoft/credentials`, {
      auth: 'api-key',
      appName: DEFAULT_APP.name,
      apiKey: DEFAULT_APP.apiKey,
      notifyEmails: ['owner@demo.example'],
    });
    expect(good.status).toBe(200);
    expect(await good.text()).not.toContain(DEFAULT_APP.apiKey);
    const settings = await admin('PUT', `/merchants/${DEMO.merchantId}/crms/infusionsoft/settings`, {
      contactTags: ['UltraCart Customer'],
      newCustomerTag: 'New Customer',
      leadSourceField: 'coupon',
      createLeadSource: true,
    });
    expect(settings.status).toBe(200);
  });

  it('cascades a paid order posted to ingest into a tagged contact, a lead source, an invoice with its lines and a payment', async () => {
    const body = structuredClone(SAMPLE);
    body.events[0].order_create.order_id = ORDER_ID;
    const res = await fetch(`${hub.url('ingest')}/webhooks/ultracart/${DEMO.merchantId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTH },
      body: JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);

    const invoice = await waitFor(() => rows('Invoice').find((i) => i['Description'] === `UltraCart order ${ORDER_ID}` && i['PayStatus'] === 1), { timeoutMs: 60_000, what: 'the paid invoice' });
    expect(invoice).toMatchObject({ InvoiceTotal: 44.45, TotalPaid: 44.45 });
    const contact = rows('Contact').find((c) => c.Id === invoice['ContactId']);
    expect(contact).toMatchObject({ Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', City: 'London' });
    expect(rows('ContactGroupAssign').filter((a) => a['ContactId'] === contact?.Id).map((a) => a['ContactGroup'])).toEqual(['UltraCart Customer', 'New Customer']);
    expect(rows('LeadSource').find((l) => l.Id === contact?.['LeadSourceId'])).toMatchObject({ Name: 'TENOFF' });
    expect(rows('OrderItem').filter((i) => i['OrderId'] === invoice['JobId']).map((i) => [i['ItemType'], i['ItemName'], i['PPU'], i['Qty']])).toEqual([
      [4, 'The Demo Book', 18, 2],
      [4, 'A pen', 3.5, 1],
      [1, 'Shipping & handling', 4.95, 1],
    ]);
    expect(rows('Payment').filter((p) => p['InvoiceId'] === invoice.Id)).toEqual([expect.objectContaining({ PayAmt: 44.45, PayType: 'Credit Card', PayNote: expect.stringContaining('TENOFF') })]);
  });

  it('shows every XML-RPC call of the order in the transmission log, without the API key', async () => {
    const items = await waitFor(
      async () => {
        const res = await fetch(`${hub.url('audit-log')}/transmissions?merchantId=${DEMO.merchantId}&orderId=${ORDER_ID}`, { headers: { authorization: `Bearer ${DEMO.adminToken}` } });
        const found = ((await res.json()) as { items: Transmission[] }).items.filter((t) => t.integration === 'infusionsoft');
        return found.some((t) => t.description.startsWith('InvoiceService.addManualPayment')) ? found : undefined;
      },
      { timeoutMs: 30_000, what: 'the Infusionsoft transmissions' },
    );
    // The list carries no bodies; each record's detail does.
    const details = await Promise.all(
      items.map(async (t) => (await (await fetch(`${hub.url('audit-log')}/transmissions/${t.id}`, { headers: { authorization: `Bearer ${DEMO.adminToken}` } })).json()) as Transmission),
    );
    expect(details.find((t) => t.description.startsWith('InvoiceService.createBlankOrder'))).toMatchObject({
      status: 'succeeded',
      requestBody: expect.stringContaining('<methodName>InvoiceService.createBlankOrder</methodName>'),
      responseBody: expect.stringContaining('<methodResponse>'),
    });
    expect(details.every((t) => t.requestBody?.includes('<string>***</string>'))).toBe(true);
    expect(JSON.stringify(details)).not.toContain(DEFAULT_APP.apiKey);
  });
});
