import { Client } from 'pg';
import { CONSUMERS } from '@hub/messaging-contracts';
import { AmqpConnection, consumerQueueOptions, MessagePublisher, TopologyNames, TransmissionRecorder } from '@hub/messaging-nest';
import { AuditHarness, record } from './audit-harness';

const names = new TopologyNames('hub');
const RECORDS = 60_000;
const PER_MESSAGE = 50;

/** A 2 KB body, as the bench's: what a CRM call carries. */
const body = (i: number) => JSON.stringify({ order_id: `BACKLOG-${i}`, invoice: `INV${900000 + i}`, notes: 'lorem ipsum dolor sit amet '.repeat(70) });

/**
 * Records published while audit-log is down (the queue and its binding exist: any service declares
 * them on connect), so it starts on a backlog with prefetch × records per message in hand at once.
 */
async function publishBacklog(h: AuditHarness): Promise<void> {
  const connection = new AmqpConnection({ url: h.vhost.url, connectionName: 'backlog-publisher' });
  await connection.start();
  await connection.waitUntilConnected(10_000);
  try {
    const ch = await connection.model$().createChannel();
    await ch.assertExchange(names.exchange, 'topic', { durable: true });
    await ch.assertQueue(names.parked('audit-log'), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await ch.assertQueue(names.queue('audit-log'), consumerQueueOptions(names, 'audit-log'));
    for (const pattern of CONSUMERS['audit-log']) await ch.bindQueue(names.queue('audit-log'), names.exchange, pattern);
    await ch.close();
    const recorder = new TransmissionRecorder(new MessagePublisher(connection, { names, publishTimeoutMs: 30_000, rpcTimeoutMs: 5_000 }), {
      maxRecords: PER_MESSAGE,
      maxBytes: 512 * 1024,
    });
    let next = 0;
    const producer = async () => {
      for (let i = next++; i < RECORDS; i = next++) {
        const { id: _id, occurredAt: _at, correlationId: _c, ...input } = record({ orderId: `BACKLOG-${i % 1_000}`, requestBody: body(i) });
        await recorder.record(input);
      }
    };
    await Promise.all(Array.from({ length: 200 }, producer));
  } finally {
    await connection.close();
  }
}

describe('audit-log starting on a backlog of records, over the real RabbitMQ and PostgreSQL', () => {
  let h: AuditHarness;
  let db: Client;

  beforeAll(async () => {
    h = await AuditHarness.start('auditbacklog', {}, { beforeBoot: publishBacklog });
    db = new Client({ connectionString: h.schema.url, options: `-c search_path=${h.schema.schema}` });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await h?.stop();
  });

  it('stays ready and answers support queries while it writes the backlog: writes leave the queries a connection', async () => {
    const stored = async () => Number((await db.query('SELECT count(*) AS n FROM transmissions')).rows[0].n);
    const polls: Array<{ ready: number; readyMs: number; searchMs: number; found: number; storedBefore: number }> = [];
    for (let n = await stored(); n < RECORDS; n = await stored()) {
      let t = Date.now();
      const ready = await h.get('/health/ready');
      const readyMs = Date.now() - t;
      t = Date.now();
      const search = await h.get<{ items: unknown[] }>('/transmissions?orderId=BACKLOG-7&limit=5', 'support-m1');
      polls.push({ ready: ready.status, readyMs, searchMs: Date.now() - t, found: search.body.items.length, storedBefore: n });
    }
    // A real backlog: polling began with most of it still to write.
    expect(polls[0]?.storedBefore).toBeLessThan(RECORDS / 2);
    // Before, `SELECT 1` queued behind a hundred batches: "database: no answer within 2000 ms",
    // and the batches themselves timed out waiting for a connection (retried as an outage).
    expect(polls.map((p) => p.ready)).toEqual(polls.map(() => 200));
    expect(Math.max(...polls.map((p) => p.searchMs))).toBeLessThan(1_000);
    expect(polls.some((p) => p.found > 0)).toBe(true);
    console.log(`backlog of ${RECORDS} records: ${polls.length} polls while writing, ready ${Math.max(...polls.map((p) => p.readyMs))} ms at most, search ${Math.max(...polls.map((p) => p.searchMs))} ms at most`);
    expect(await stored()).toBe(RECORDS);
  }, 120_000);
});
