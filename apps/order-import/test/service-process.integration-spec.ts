import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ORDER_IMPORT_ENTITIES, ORDER_IMPORT_MIGRATIONS } from '@hub/order-import-service';
import { migrateSchema } from '@hub/persistence';
import { hashSecret } from '@hub/platform';
import { createTestSchema, createTestVhost, freePort, TestSchema, TestVhost, waitFor } from '@hub/testing';
import { AUTH, CATALOG_CSV, legacyForm, MERCHANT, PARTNER, restOrder } from './order-import-harness';

const ROOT = resolve(__dirname, '../../..');

/**
 * order-import as a real process (main.ts), logging everything (LOG_LEVEL=trace): what it writes
 * must never hold a card number, a CVV or a password. Also its OpenAPI document.
 */
describe('order-import as a process: logs without card data, OpenAPI for both interfaces', () => {
  let vhost: TestVhost;
  let schema: TestSchema;
  let child: ChildProcess;
  let base: string;
  const output: string[] = [];

  beforeAll(async () => {
    vhost = await createTestVhost('order_import_process');
    schema = await createTestSchema('order_import_process');
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: ORDER_IMPORT_ENTITIES, migrations: ORDER_IMPORT_MIGRATIONS });
    await schema.query(`INSERT INTO channel_partners (merchant_id, code, password_hash) VALUES ($1, $2, $3)`, [MERCHANT, PARTNER.code, await hashSecret(PARTNER.password)]);
    const port = await freePort();
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/order-import/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', PORT: String(port), HOST: '127.0.0.1', AMQP_URL: vhost.url, DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema, LOG_LEVEL: 'trace' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/health/ready`).catch(() => undefined))?.ok, { what: 'order-import process ready', timeoutMs: 60_000, intervalMs: 300 });
    const csv = await fetch(`${base}/channel_partner/${MERCHANT}/catalog`, { method: 'PUT', headers: { authorization: AUTH, 'content-type': 'text/csv' }, body: CATALOG_CSV });
    expect(csv.status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await schema?.drop();
    await vhost?.dispose();
  });

  it('logs the requests it serves, and never the card number, the CVV or the password', async () => {
    const cvv = '8642';
    const form = (id: string, extra: Record<string, string> = {}) => new URLSearchParams(legacyForm(id, { 'order.creditCardVerificationNumber': cvv, ...extra })).toString();
    const post = (body: string) => fetch(`${base}/channel-partner/api`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await post(form('P-1'))).status).toBe(200);
    expect((await post(form('P-2', { 'order.billToCity': '' }))).status).toBe(400);
    expect((await post(form('P-3', { 'order.creditCardNumber': '4000 0000 0000 0002' }))).status).toBe(402);
    expect((await post(form('P-4', { 'credentials.channelPartnerPassword': 'not-the-password' }))).status).toBe(401);
    const rest = await fetch(`${base}/channel_partner/${MERCHANT}/import`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: AUTH }, body: JSON.stringify(restOrder('P-5', { credit_card_verification_number: cvv })) });
    expect(rest.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    const logs = output.join('');
    expect(logs).toContain('/channel-partner/api');
    expect(logs).toContain(`/channel_partner/${MERCHANT}/import`);
    for (const secret of ['4111111111111111', '4111-1111-1111-1111', '4111 1111 1111 1111', '4000 0000 0000 0002', '4000000000000002', cvv, PARTNER.password, 'not-the-password']) expect(logs).not.toContain(secret);
  });

  it('answers a body over the 6 MB limit with 413, every time, on both interfaces', async () => {
    // A client still uploading when the refusal comes must read it, not see its connection reset
    // (Fastify closes the connection on a refused body; 25 of 30 such posts failed with EPIPE).
    const huge = Buffer.alloc(7_000_000, 0x61);
    const statuses: Array<number | string> = [];
    for (let i = 0; i < 8; i++) {
      const [path, type] = i % 2 ? ['/channel-partner/api', 'application/x-www-form-urlencoded'] : [`/channel_partner/${MERCHANT}/import`, 'application/json'];
      statuses.push(await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type, authorization: AUTH }, body: huge }).then((r) => r.status, (err: Error) => err.message));
    }
    expect(statuses).toEqual(Array(8).fill(413));
  });

  it('documents both interfaces in OpenAPI', async () => {
    const doc = (await (await fetch(`${base}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    const legacy = doc.paths['/channel-partner/api'].post.requestBody?.content['application/x-www-form-urlencoded'].schema;
    expect(Object.keys(legacy?.properties ?? {})).toEqual(expect.arrayContaining(['method', 'credentials.channelPartnerPassword', 'order.billToFirstName', 'order.items[0].options[0].value']));
    const rest = doc.paths['/channel_partner/{merchantId}/import'].post.requestBody?.content['application/json'].schema;
    expect(Object.keys(rest?.properties ?? {})).toEqual(expect.arrayContaining(['channel_partner_order_id', 'billto_first_name', 'hosted_fields_card_token', 'items']));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/channel_partner/{merchantId}/cancel/by_channel_partner_order_id/{id}', '/channel_partner/{merchantId}/orders/{orderId}/stage', '/channel_partner/{merchantId}/catalog']));
  });
});
