/**
 * mapping out when an Infusionsoft command on its last attempt needs its credentials
 * (rpc.mapping.infusionsoft-credentials.v1: the stand-in stopped, its request queue unanswered:
 * RPC_TIMEOUT). The hub's own service being out is not the command's fault: it is retried without
 * using an attempt, delivered once mapping is back, and the merchant's editors are not mailed.
 * Real RabbitMQ, PostgreSQL, the simulator and the SMTP sink on real ports.
 */
import { RoutingKeys } from '@hub/messaging-contracts';
import { Headers } from '@hub/messaging-nest';
import { outageRetries, waitFor } from '@hub/testing';
import { ConnectorHarness, credentialsByMerchant, RETRY } from './connector-harness';
import { API_KEY, orderCommand } from './fixtures';

const QUEUE = 'hub.infusionsoft-connector';

const serviceOutageRetries = () => outageRetries(QUEUE, 'service');

describe('infusionsoft-connector: mapping out on a command\'s last attempt', () => {
  let h: ConnectorHarness;

  beforeAll(async () => {
    h = await ConnectorHarness.start('infusionsoft-mapout', { amqp: { AMQP_RPC_TIMEOUT_MS: 300 } });
    for (const name of ['BOOK', 'PEN', 'MUG']) h.sim.app('acme').tables.add('Product', { ProductName: name, ProductPrice: 2 });
    credentialsByMerchant.set('M-OUT', { credentials: API_KEY, notifyEmails: ['owner@out.example'] });
  }, 90_000);

  afterAll(() => h?.close());

  const lastAttempt = { headers: { [Headers.failures]: RETRY.AMQP_RETRY_MAX_ATTEMPTS - 1 } };
  const invoicesOf = (orderId: string) => h.rows('Invoice').filter((i) => i['Description'] === `UltraCart order ${orderId}`);

  it('retries through the outage without an attempt or a mail, and delivers once when mapping is back', async () => {
    await h.stopMapping();
    h.smtp.clear();
    const before = await serviceOutageRetries();
    const cmd = orderCommand('ORD-MAPOUT', {}, 'M-OUT');
    // As if every attempt but the last had failed already.
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, cmd, lastAttempt);
    await waitFor(async () => (await serviceOutageRetries()) - before >= 3, { what: 'outage retries while mapping is stopped', timeoutMs: 20_000 });
    expect(invoicesOf('ORD-MAPOUT')).toHaveLength(0);
    expect(await h.queues.drain('hub.infusionsoft-connector.parked')).toEqual([]);

    await h.startMapping();
    await waitFor(() => invoicesOf('ORD-MAPOUT').length === 1, { what: 'the order once mapping is back', timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    h.expectEachOrderOnce(['ORD-MAPOUT']);
    expect(await h.queues.drain('hub.infusionsoft-connector.parked')).toEqual([]);
    // The mail would have been sent on the first outage retry: seconds ago.
    expect(h.smtp.messages()).toEqual([]);
  }, 60_000);
});
