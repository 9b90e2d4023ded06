import { RoutingKeys, TransmissionPageV1 } from '@hub/messaging-contracts';
import { Headers, TopologyNames } from '@hub/messaging-nest';
import { QueueInspector, waitFor } from '@hub/testing';
import type { ParkedCommand } from '@hub/audit-service';
import { AuditHarness } from './audit-harness';

const names = new TopologyNames('hub');
const SERVICE = 'ontraport-connector';

describe('replay of parked commands (support)', () => {
  let h: AuditHarness;
  let inspector: QueueInspector;

  /** Parks a command as HubRmqServer does: into `<queue>.parked`, with the reason in x-hub-* headers. */
  const park = (messageId: string, merchantId: string, orderId: string) =>
    h.publisher.publishRaw('', names.parked(SERVICE), Buffer.from(JSON.stringify({ merchantId, orderId, contact: { email: 'a@b.test' }, apiKey: 'SECRET-KEY' })), {
      messageId,
      correlationId: `corr-${messageId}`,
      headers: {
        [Headers.routingKey]: RoutingKeys.crm.ontraportSale,
        [Headers.failures]: 3,
        [Headers.error]: 'ONTRAPORT refused the key',
        [Headers.errorCode]: 'CRM_AUTH_FAILED',
        [Headers.parkedAt]: new Date().toISOString(),
        [Headers.parkedFrom]: names.queue(SERVICE),
      },
    });

  beforeAll(async () => {
    h = await AuditHarness.start('replay');
    inspector = await QueueInspector.open(h.vhost.url);
    await park('cmd-m1', 'M1', 'O-1');
    await park('cmd-m2', 'M2', 'O-2');
  }, 60_000);

  afterAll(async () => {
    await inspector?.close();
    await h?.stop();
  });

  it("lists only the merchant's own parked commands, redacted, with why they were parked", async () => {
    const { status, body } = await h.get<{ items: ParkedCommand[] }>('/parked', 'support-m1');
    expect(status).toBe(200);
    expect(body.items).toEqual([
      expect.objectContaining({ messageId: 'cmd-m1', service: SERVICE, routingKey: RoutingKeys.crm.ontraportSale, orderId: 'O-1', errorCode: 'CRM_AUTH_FAILED', failures: 3 }),
    ]);
    expect(JSON.stringify(body)).not.toContain('SECRET-KEY');
    expect((await h.get('/parked?orderId=O-9', 'support-m1')).body).toEqual({ items: [] });
  });

  it("cannot replay another merchant's command, nor with the operator token", async () => {
    expect((await h.post(`/parked/${SERVICE}/cmd-m2/replay`, 'support-m1')).status).toBe(404);
    expect((await h.post(`/parked/${SERVICE}/cmd-m1/replay`, 'operator')).status).toBe(403);
    expect((await h.post(`/parked/no-such-service/cmd-m1/replay`, 'support-m1')).status).toBe(404);
  });

  it('re-publishes into the same consumer queue once, with a fresh attempt count, and records the replay', async () => {
    const res = await h.post<{ recordId: string; routingKey: string }>(`/parked/${SERVICE}/cmd-m1/replay`, 'support-m1');
    expect(res.status).toBe(202);
    expect(res.body.routingKey).toBe(RoutingKeys.crm.ontraportSale);

    const delivered = await inspector.drain<{ orderId: string }>(names.queue(SERVICE));
    expect(delivered).toHaveLength(1);
    expect(delivered[0].body.orderId).toBe('O-1');
    expect(delivered[0].headers[Headers.routingKey]).toBe(RoutingKeys.crm.ontraportSale);
    expect(delivered[0].headers[Headers.failures]).toBeUndefined();
    expect(String(delivered[0].headers[Headers.replayed])).toContain('tok-s1');
    expect(delivered[0].properties.messageId).toBe('cmd-m1');

    // Gone from the parking queue: a second click finds nothing to replay.
    expect((await h.post(`/parked/${SERVICE}/cmd-m1/replay`, 'support-m1')).status).toBe(404);
    // The other merchant's command is still parked, untouched.
    expect((await h.get<{ items: ParkedCommand[] }>('/parked', 'support-m2')).body.items.map((m) => m.messageId)).toEqual(['cmd-m2']);

    const log = await waitFor(async () => {
      const { body } = await h.get<TransmissionPageV1>('/transmissions?type=replay', 'support-m1');
      return body.items.length ? body.items : undefined;
    });
    expect(log[0]).toMatchObject({ id: res.body.recordId, orderId: 'O-1', status: 'succeeded', correlationId: 'corr-cmd-m1', integration: 'hub' });
    expect(log[0].description).toContain('CRM_AUTH_FAILED');
    expect(log[0].description).toContain('tok-s1');
  });
});
