/**
 * PostgreSQL dropping audit-log's connections while batches are being written (a database
 * restart): the process stays up — a connection that dies in the middle of a COPY is an error of
 * that batch (retried), never an unhandled 'error' event that kills the process (found by
 * tools/chaos: audit-log died at a PostgreSQL restart and 12,915 records waited) — and every
 * record is stored once the database is back — records sent alone, and records sent in batch
 * messages (a batch message is acknowledged only once every record of it is stored). A database
 * outage uses none of a message's attempts: with 2 of them, the records are retried more often than
 * that and none is parked.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AmqpConnection, MessagePublisher, MessagingModule, ParkedMessages, TopologyNames, TransmissionRecorder } from '@hub/messaging-nest';
import { RoutingKeys } from '@hub/messaging-contracts';
import { migrateSchema } from '@hub/persistence';
import { PlatformModule } from '@hub/platform';
import { createTestSchema, createTestVhost, freePort, TcpProxy, TestSchema, TestVhost, waitFor } from '@hub/testing';
import { AUDIT_MIGRATIONS } from '@hub/audit-service';
import { record } from './audit-harness';

/** Few attempts: the outages below must not use them. */
const ATTEMPTS = 2;

describe('audit-log: the database drops its connections mid-batch', () => {
  let vhost: TestVhost;
  let schema: TestSchema;
  let database: TcpProxy;
  let sender: INestApplication;
  let auditLog: ChildProcess;
  let port: number;

  /** audit-log's count of a metric for its queue, over every label. */
  const metric = async (name: string, match = '') => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) && l.includes('queue="hub.audit-log"') && l.includes(match))
      .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
  };

  beforeAll(async () => {
    vhost = await createTestVhost('audit-db-drop');
    schema = await createTestSchema('audit_db_drop');
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations: AUDIT_MIGRATIONS });
    // audit-log reaches PostgreSQL through a proxy the test can cut.
    const url = new URL(schema.url);
    database = new TcpProxy(url.hostname, Number(url.port || 5432));
    url.port = String(await database.start());
    port = await freePort();
    auditLog = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/audit-log/src/main.ts'], {
      cwd: resolve(__dirname, '../../..'),
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', AMQP_URL: vhost.url, AMQP_RETRY_BASE_MS: '100', AMQP_RETRY_MAX_MS: '500', AMQP_RETRY_MAX_ATTEMPTS: String(ATTEMPTS), DATABASE_URL: url.toString(), DATABASE_SCHEMA: schema.schema, PORT: String(port), AUDIT_BATCH_WAIT_MS: '10', LOG_LEVEL: 'error' },
      stdio: 'ignore',
    });
    await waitFor(async () => auditLog.exitCode === null && (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, { timeoutMs: 60_000, intervalMs: 200, what: 'audit-log ready' });
    sender = (await Test.createTestingModule({ imports: [PlatformModule.forRoot('sender'), MessagingModule.forRoot({ service: 'sender', config: { AMQP_URL: vhost.url } })] }).compile()).createNestApplication({ logger: false });
    await sender.init();
  }, 90_000);

  afterAll(async () => {
    auditLog?.kill('SIGKILL');
    await sender?.close();
    await database?.stop();
    await vhost?.dispose();
    await schema?.drop();
  });

  it('keeps running, retries through the outages without using attempts, parks nothing, and stores every record once the database is back', async () => {
    const publisher = sender.get(MessagePublisher);
    // Large bodies: each COPY takes a while, so the cuts land in the middle of one.
    const records = Array.from({ length: 600 }, (_, i) => record({ merchantId: 'M1', orderId: `DROP-${i}`, requestBody: `<order id="DROP-${i}">${'x'.repeat(20_000)}</order>` }));
    // As many again through the services' recorder: 20 at once, so they travel in batch messages.
    const recorder = new TransmissionRecorder(publisher, { maxRecords: 20, maxBytes: 1 << 20 });
    const batched: string[] = [];
    const sending = (async () => {
      for (let i = 0; i < records.length; i += 20) {
        await Promise.all([
          ...records.slice(i, i + 20).map((r) => publisher.publish(RoutingKeys.audit.transmissionRecorded, r, { messageId: r.id })),
          ...records.slice(i, i + 20).map(async ({ id: _single, correlationId: _c, occurredAt: _at, requestBody, ...r }) =>
            batched.push(await recorder.record({ ...r, requestBody: requestBody?.replace('DROP-', 'BATCH-') })),
          ),
        ]);
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    for (let cut = 0; cut < 4; cut++) {
      await new Promise((r) => setTimeout(r, 250));
      await database.cut();
      await new Promise((r) => setTimeout(r, 400));
      await database.restore();
    }
    await sending;

    const ids = [...records.map((r) => r.id), ...batched];
    expect(batched).toHaveLength(records.length);
    await waitFor(
      async () => {
        if (auditLog.exitCode !== null) return true;
        const [row] = await schema.query<{ n: string }>(`SELECT count(DISTINCT id) AS n FROM transmissions WHERE id = ANY($1::uuid[])`, [ids]);
        return Number(row.n) === ids.length || undefined;
      },
      { timeoutMs: 60_000, intervalMs: 300, what: 'every record stored' },
    );
    expect({ exitCode: auditLog.exitCode, signal: auditLog.signalCode }).toEqual({ exitCode: null, signal: null });
    // Retried more often than the attempts allow, every retry an outage's, nothing parked.
    const outageRetries = await metric('hub_message_outage_retries_total');
    expect(outageRetries).toBeGreaterThan(ATTEMPTS);
    expect(await metric('hub_messages_handled_total', 'outcome="retry"')).toBe(outageRetries);
    expect(await metric('hub_messages_handled_total', 'outcome="park"')).toBe(0);
    const parked = new ParkedMessages(sender.get(AmqpConnection), new TopologyNames('hub'), publisher);
    expect(await parked.list(['audit-log'])).toEqual([]);
  }, 120_000);
});
