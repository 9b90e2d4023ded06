/**
 * A replica killed with SIGKILL in the middle of deliveries: the commands it held are taken over
 * by the surviving replica within the claim lease and completed exactly once — not left "in
 * progress" until a worst-case TTL and parked meanwhile (found by tools/chaos).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { InfusionsoftOrderV1, RoutingKeys } from '@hub/messaging-contracts';
import { freePort, waitFor } from '@hub/testing';
import { ConnectorHarness, credentialsByMerchant } from './connector-harness';

const LEASE_MS = 1_500;
const ROOT = resolve(__dirname, '../../..');
const usd = (minor: number) => ({ minor, currency: 'USD' });

function orderCommand(orderId: string): InfusionsoftOrderV1 {
  return {
    merchantId: 'M1',
    idempotencyKey: `infusionsoft:order:M1:${orderId}`,
    orderId,
    steps: {
      contact: {
        email: `${orderId.toLowerCase()}@example.com`,
        fields: { FirstName: 'Ada' },
      },
      tags: ['Customer'],
      actionSetIds: [],
    },
    order: {
      method: 'blankOrder',
      description: `UltraCart order ${orderId}`,
      orderDate: '2026-11-21T10:00:00Z',
      lines: [
        {
          kind: 'product',
          itemId: 'BOOK',
          product: { productName: 'BOOK' },
          title: 'The Book',
          quantity: 2,
          unitPrice: usd(900),
        },
        {
          kind: 'product',
          itemId: 'PEN',
          product: { productName: 'PEN' },
          title: 'Pen',
          quantity: 1,
          unitPrice: usd(200),
        },
      ],
      promoCodes: [],
      payment: {
        amount: usd(2000),
        paymentType: 'Credit Card',
        description: `Paid in UltraCart, order ${orderId}`,
      },
      customFields: {},
      productGoals: [],
    },
    goals: [],
  };
}

describe('infusionsoft-connector: a replica killed mid-delivery', () => {
  let h: ConnectorHarness;
  let other: ChildProcess | undefined;

  beforeAll(async () => {
    process.env['INFUSIONSOFT_CLAIM_LEASE_MS'] = String(LEASE_MS);
    h = await ConnectorHarness.start('infusionsoft-crash');
    for (const name of ['BOOK', 'PEN']) h.sim.app('acme').tables.add('Product', { ProductName: name, ProductPrice: 2 });
    credentialsByMerchant.set('M1', {
      credentials: {
        auth: 'api-key',
        appName: 'acme',
        apiKey: 'acme-secret-key-123',
      },
      notifyEmails: [],
    });
    // The second replica is a real process, so it can die the way a process does.
    const port = await freePort();
    other = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/infusionsoft-connector/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        AMQP_URL: h.vhost.url,
        DATABASE_URL: h.schema.url,
        DATABASE_SCHEMA: h.schema.schema,
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, { timeoutMs: 60_000, intervalMs: 200, what: 'the second replica ready' });
  }, 90_000);

  afterAll(async () => {
    other?.kill('SIGKILL');
    await h?.close();
  });

  it('has the surviving replica finish every command the dead one held, exactly once, within the lease', async () => {
    h.sim.configure({ latencyMs: 400 }); // each order takes seconds: the kill lands in the middle of both replicas' work
    const cmds = Array.from({ length: 8 }, (_, i) => orderCommand(`ORD-CRASH-${i}`));
    await Promise.all(cmds.map((c) => h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, c)));
    await new Promise((r) => setTimeout(r, 1_500));
    other?.kill('SIGKILL');
    h.sim.configure({ latencyMs: 0 });

    const keys = cmds.map((c) => c.idempotencyKey);
    const rows = await waitFor(
      async () => {
        const r = await h.schema.query<{
          key: string;
          attempts: number;
          delivered: boolean;
        }>(`SELECT idempotency_key AS key, attempts, delivered_at IS NOT NULL AS delivered FROM delivered_commands WHERE idempotency_key = ANY($1)`, [keys]);
        return r.length === keys.length && r.every((x) => x.delivered) ? r : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: 'every command delivered' },
    ).catch(async (err: Error) => {
      // Say what was left: commands still claimed (by the dead replica) or parked.
      const left = await h.schema.query(`SELECT idempotency_key, attempts, delivered_at, claimed_until FROM delivered_commands WHERE delivered_at IS NULL`);
      const parked = (await h.queues.drain('hub.infusionsoft-connector.parked')).map((m) => m.headers['x-hub-error']);
      throw new Error(`${err.message}; not delivered: ${JSON.stringify(left)}; parked: ${JSON.stringify(parked)}`);
    });
    // The dead replica's commands were claimed a second time, by the survivor.
    expect(rows.filter((r) => r.attempts > 1).length).toBeGreaterThan(0);
    for (const c of cmds) {
      const invoices = h.rows('Invoice').filter((i) => i['Description'] === `UltraCart order ${c.orderId}`);
      expect(invoices).toHaveLength(1);
      expect(h.rows('OrderItem').filter((i) => i['OrderId'] === invoices[0]['JobId'])).toHaveLength(2);
      expect(h.rows('Payment').filter((p) => p['InvoiceId'] === invoices[0].Id)).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ InvoiceTotal: 20, TotalPaid: 20 });
    }
    expect(await h.queues.drain('hub.infusionsoft-connector.parked')).toEqual([]);
  }, 60_000);
});
