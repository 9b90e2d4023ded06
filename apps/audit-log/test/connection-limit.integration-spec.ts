import { RoutingKeys, TransmissionPageV1 } from '@hub/messaging-contracts';
import { AmqpConnection, ParkedMessages, TopologyNames } from '@hub/messaging-nest';
import { LimitedRole, waitFor } from '@hub/testing';
import { AuditHarness, record } from './audit-harness';

const S1 = 'support-m1';
const LIMIT = 3;

/**
 * PostgreSQL refusing connections — its CONNECTION LIMIT for the service's role reached, which it
 * answers as it answers max_connections: SQLSTATE 53300 — loses nothing: the HTTP API answers 503
 * with Retry-After, a record that arrives meanwhile is retried through the delay queues (never
 * parked) and stored once connections can be had again. A real role with a real limit, no mocks.
 */
describe('audit-log: PostgreSQL out of connections (SQLSTATE 53300), over the real RabbitMQ and PostgreSQL', () => {
  let role: LimitedRole;
  let h: AuditHarness;
  let parked: ParkedMessages;

  const list = (query: string) => h.get<TransmissionPageV1>(`/transmissions?${query}`, S1);
  const retries = async () => {
    const text = await (await fetch(`${h.base}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('hub_messages_handled_total') && l.includes('outcome="retry"') && l.includes('queue="hub.audit-log"'));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const storedRows = async (orderId: string) => Number((await role.query<{ n: string }>(`SELECT count(*) AS n FROM "${h.schema.schema}".transmissions WHERE order_id = $1`, [orderId]))[0].n);

  beforeAll(async () => {
    role = await LimitedRole.create('connlimit', LIMIT);
    h = await AuditHarness.start(
      'connlimit',
      {},
      {
        database: { DATABASE_URL: role.url, DATABASE_POOL_SIZE: 2 },
        // Few attempts: a database outage must not use them (it retries without counting), so the
        // outage below, retried more often than this, still parks nothing.
        amqp: { AMQP_RETRY_MAX_ATTEMPTS: 2 },
        // The service's role owns its schema and everything the migrations made in it (audit-log
        // creates and drops partitions itself).
        beforeBoot: (harness) => role.ownSchema(harness.schema.schema),
      },
    );
    parked = new ParkedMessages(h.app.get(AmqpConnection), new TopologyNames('hub'), h.publisher);
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await role?.drop();
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After, retries a record until a connection can be had, parks nothing', async () => {
    await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, record({ orderId: 'CL-BEFORE' }));
    await waitFor(async () => (await storedRows('CL-BEFORE')) === 1, { what: 'the record stored before the outage' });
    expect((await list('orderId=CL-BEFORE')).status).toBe(200);

    await role.cutOff();

    const refused = await waitFor(async () => {
      const res = await list('orderId=CL-BEFORE');
      return res.status === 503 ? res : undefined;
    }, { what: 'a 503 from the transmission API' });
    expect(refused.body).toEqual({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is not available; retry later' });
    expect(refused.headers.get('retry-after')).toBe('5');

    const retriedBefore = await retries();
    await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, record({ orderId: 'CL-DURING' }));
    // The record is refused a connection and goes to a delay queue, more times than the attempts allowed.
    await waitFor(async () => (await retries()) >= retriedBefore + 3, { what: 'the refused record retried three times' });
    expect(await storedRows('CL-DURING')).toBe(0);
    expect(await parked.list(['audit-log'])).toEqual([]);

    await role.restore();
    await waitFor(async () => (await storedRows('CL-DURING')) === 1, { timeoutMs: 20_000, what: 'the retried record stored once the role may connect again' });
    expect((await list('orderId=CL-DURING')).status).toBe(200);
    expect(await parked.list(['audit-log'])).toEqual([]);
    expect(await storedRows('CL-DURING')).toBe(1);
  }, 60_000);
});
