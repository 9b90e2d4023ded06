import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { RoutingKeys } from '@hub/messaging-contracts';
import { Headers, TopologyNames } from '@hub/messaging-nest';
import { QueueInspector, waitFor } from '@hub/testing';
import { AuditHarness, record } from './audit-harness';

/** Debian's chromium (`apt-get install -y chromium`); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const SCREENSHOTS = resolve(__dirname, '../../../tmp/screenshots');

jest.setTimeout(60_000);

describe('support console in headless Chromium', () => {
  let h: AuditHarness;
  let browser: Browser;
  let page: Page;
  let inspector: QueueInspector;
  const names = new TopologyNames('hub');
  /** Waits until the list shows n records (polled from here: the console's CSP forbids evaluated strings). */
  const rows = (n: number) => waitFor(async () => (await page.locator('#records tbody tr').count()) === n, { timeoutMs: 30_000, what: `${n} rows` });

  beforeAll(async () => {
    h = await AuditHarness.start('console');
    inspector = await QueueInspector.open(h.vhost.url);
    const at = (m: number) => new Date(Date.now() - 60 * 60_000 + m * 60_000).toISOString();
    const story = [
      record({ orderId: 'C-100', correlationId: 'c-story', integration: 'ultracart', direction: 'inbound', type: 'order', description: 'Order C-100 received from the cart', occurredAt: at(0), requestBody: '<order><order_id>C-100</order_id><email>jo@shop.test</email></order>', responseBody: undefined }),
      record({ orderId: 'C-100', correlationId: 'c-story', status: 'parked', httpStatus: 401, description: 'ONTRAPORT refused the API key', occurredAt: at(1), requestBody: '{"contact":{"email":"jo@shop.test"},"invoice":{"total":"19.99"}}', responseBody: '{"error":"Invalid API key"}' }),
      record({ orderId: 'C-200', correlationId: 'other', description: 'Sale logged for C-200', occurredAt: at(2) }),
      record({ merchantId: 'M2', orderId: 'C-100', correlationId: 'm2-story', description: 'Another merchant’s sale', occurredAt: at(3) }),
    ];
    for (const r of story) await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, r);
    await h.publisher.publishRaw('', names.parked('ontraport-connector'), Buffer.from(JSON.stringify({ merchantId: 'M1', orderId: 'C-100' })), {
      messageId: 'parked-c-100',
      correlationId: 'c-story',
      headers: { [Headers.routingKey]: RoutingKeys.crm.ontraportSale, [Headers.errorCode]: 'CRM_AUTH_FAILED', [Headers.error]: 'Invalid API key', [Headers.parkedAt]: new Date().toISOString() },
    });
    await waitFor(async () => (await h.get<{ items: unknown[] }>('/transmissions', 'support-m1')).body.items.length === 3);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    // A laptop screen.
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    // Below the suite's test timeout, so a stuck step fails with the selector it waited for.
    page.setDefaultTimeout(40_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await inspector?.close();
    await h?.stop();
  });

  it('refuses a wrong token and signs in with a support token', async () => {
    await page.goto(`${h.base}/`);
    await page.fill('#token', 'not-a-token');
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#sign-in-error:has-text("refused")');
    expect(await page.isVisible('#app')).toBe(false);
    await page.fill('#token', 'support-m1');
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#records tbody tr');
    expect(await page.isVisible('#sign-in')).toBe(false);
    const listed = await page.locator('#records tbody tr').allTextContents();
    expect(listed).toHaveLength(3);
    expect(listed.join(' ')).not.toContain('Another merchant');
  });

  it('filters the list by status and by text in the bodies', async () => {
    await page.selectOption('select[name=status]', 'parked');
    await page.click('#filters button[type=submit]');
    await rows(1);
    expect(await page.locator('#records tbody tr').textContent()).toContain('ONTRAPORT refused the API key');
    await page.selectOption('select[name=status]', '');
    await page.fill('input[name=text]', 'jo@shop.test');
    await page.click('#filters button[type=submit]');
    await rows(2);
    await page.fill('input[name=text]', '');
    await page.click('#filters button[type=submit]');
    await rows(3);
  });

  it('shows a record with pretty-printed XML and JSON, the order timeline, and replays the parked command', async () => {
    await page.click('#records tbody tr:has-text("ONTRAPORT refused")');
    await page.waitForSelector('#timeline li');
    expect(await page.textContent('#request-body')).toBe('{\n  "contact": {\n    "email": "jo@shop.test"\n  },\n  "invoice": {\n    "total": "19.99"\n  }\n}');
    expect(await page.textContent('#response-body')).toContain('"error": "Invalid API key"');
    expect(await page.locator('#timeline li').allTextContents()).toEqual([
      expect.stringContaining('Order C-100 received from the cart'),
      expect.stringContaining('ONTRAPORT refused the API key'),
    ]);

    await page.click('#records tbody tr:has-text("received from the cart")');
    await waitFor(async () => (await page.textContent('#request-body'))?.includes('<order_id>'), { timeoutMs: 30_000, what: 'the XML request body' });
    expect(await page.textContent('#request-body')).toBe('<order>\n  <order_id>C-100</order_id>\n  <email>jo@shop.test</email>\n</order>');

    await page.waitForSelector('#detail button.replay');
    mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = join(SCREENSHOTS, 'support-console.png');
    await page.screenshot({ path: shot, fullPage: true });
    await page.click('#detail button.replay');
    await page.waitForSelector('#detail .notice:has-text("Replayed")');
    const delivered = await inspector.drain<{ orderId: string }>(names.queue('ontraport-connector'));
    expect(delivered.map((m) => m.body.orderId)).toEqual(['C-100']);
    await page.click('#filters button[type=submit]');
    await page.waitForSelector('#records tbody tr:has-text("Replayed parked crm.ontraport.sale.v1")');
  });

  it('lists parked commands on their own tab (none left after the replay)', async () => {
    await page.click('#tab-parked');
    await page.waitForSelector('#parked-empty:not([hidden])');
    expect(await page.locator('#parked tbody tr').count()).toBe(0);
  });
});
