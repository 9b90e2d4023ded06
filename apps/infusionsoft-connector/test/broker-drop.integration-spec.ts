/**
 * The broker connection dropping while orders are being delivered (a RabbitMQ restart, say):
 * the connector process stays up — a transmission record that cannot be published in the middle
 * of a cascade is reported when the command ends, never left as an unhandled rejection that kills
 * the process (found by tools/chaos) — and every order is completed exactly once after reconnecting.
 */
import type { ChildProcess } from 'node:child_process';
import { RoutingKeys } from '@hub/messaging-contracts';
import { TcpProxy, waitFor } from '@hub/testing';
import { ConnectorHarness, credentialsByMerchant } from './connector-harness';
import { API_KEY, orderCommand } from './fixtures';

describe('infusionsoft-connector: the broker connection drops mid-cascade', () => {
  let h: ConnectorHarness;
  let connector: ChildProcess;
  let broker: TcpProxy;

  beforeAll(async () => {
    h = await ConnectorHarness.start('infusionsoft-broker-drop');
    for (const name of ['BOOK', 'PEN', 'MUG']) h.sim.app('acme').tables.add('Product', { ProductName: name, ProductPrice: 2 });
    credentialsByMerchant.set('M1', { credentials: API_KEY, notifyEmails: [] });
    // The connector process reaches the broker through a proxy the test can cut.
    const url = new URL(h.vhost.url);
    broker = new TcpProxy(url.hostname, Number(url.port || 5672));
    url.port = String(await broker.start());
    // After the reconnect the broker redelivers the unacked commands while this process is still
    // delivering them (rate-limited, 150 ms per call): each copy meets COMMAND_IN_PROGRESS and waits,
    // using no attempt (outageOf: of claim) — with the harness's 50-400 ms x 30 attempts, copies
    // that used attempts gave up after ~11 s and parked orders then delivered.
    connector = await h.process({ AMQP_URL: url.toString() });
  }, 90_000);

  afterAll(async () => {
    await h?.close();
    await broker?.stop();
  });

  it('survives, reconnects and completes every order once', async () => {
    h.sim.configure({ latencyMs: 150 }); // cascades are in the middle of their calls when the connection goes
    const cmds = Array.from({ length: 16 }, (_, i) => orderCommand(`ORD-DROP-${i}`));
    await Promise.all(cmds.map((c) => h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, c)));
    await new Promise((r) => setTimeout(r, 600));
    await broker.cut(); // the broker is gone for 1.5 s: every cascade goes on calling Infusionsoft meanwhile
    await new Promise((r) => setTimeout(r, 1_500));
    await broker.restore();
    h.sim.configure({ latencyMs: 0 });

    const keys = cmds.map((c) => c.idempotencyKey);
    await waitFor(
      async () => {
        const r = await h.schema.query<{ delivered: boolean }>(`SELECT delivered_at IS NOT NULL AS delivered FROM delivered_commands WHERE idempotency_key = ANY($1)`, [keys]);
        return (r.length === keys.length && r.every((x) => x.delivered)) || connector.exitCode !== null || undefined;
      },
      { timeoutMs: 40_000, intervalMs: 200, what: 'every order delivered' },
    );
    expect({ exitCode: connector.exitCode, signal: connector.signalCode }).toEqual({ exitCode: null, signal: null });
    h.expectEachOrderOnce(cmds.map((c) => c.orderId));
    const parked = await h.queues.drain<{ idempotencyKey: string }>('hub.infusionsoft-connector.parked');
    expect(parked.map((m) => ({ key: m.body.idempotencyKey, code: m.headers['x-hub-error-code'], error: m.headers['x-hub-error'], failures: m.headers['x-hub-failures'] }))).toEqual([]);
  }, 90_000);
});
