import { Client } from 'pg';
import { RoutingKeys, TransmissionPageV1 } from '@hub/messaging-contracts';
import { AmqpConnection, ParkedMessages, TopologyNames } from '@hub/messaging-nest';
import { TEST_DATABASE_URL, uniqueName, waitFor } from '@hub/testing';
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
  const role = uniqueName('connlimit');
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  let h: AuditHarness;
  let parked: ParkedMessages;

  const list = (query: string) => h.get<TransmissionPageV1>(`/transmissions?${query}`, S1);
  const retries = async () => {
    const text = await (await fetch(`${h.base}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('hub_messages_handled_total') && l.includes('outcome="retry"') && l.includes('queue="hub.audit-log"'));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const storedRows = async (orderId: string) =>
    Number((await admin.query(`SELECT count(*) AS n FROM "${h.schema.schema}".transmissions WHERE order_id = $1`, [orderId])).rows[0].n);
  const setLimit = (n: number) => admin.query(`ALTER ROLE "${role}" CONNECTION LIMIT ${n}`);

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE ROLE "${role}" LOGIN CONNECTION LIMIT ${LIMIT}`);
    const url = new URL(TEST_DATABASE_URL);
    url.username = role;
    url.password = '';
    h = await AuditHarness.start(
      'connlimit',
      {},
      {
        database: { DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: 2 },
        // Enough attempts that the test's short outage cannot exhaust them: what is asserted is that
        // the refused connection is retried, not parked.
        amqp: { AMQP_RETRY_MAX_ATTEMPTS: 30 },
        // The service's role owns its schema and everything the migrations made in it.
        beforeBoot: async (harness) => {
          const s = harness.schema.schema;
          await admin.query(`ALTER SCHEMA "${s}" OWNER TO "${role}"`);
          const { rows } = await admin.query<{ name: string; kind: string }>(
            `SELECT c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition`,
            [s],
          );
          // A table's own sequences follow it.
          for (const r of rows) await admin.query(`ALTER ${r.kind === 'v' ? 'VIEW' : r.kind === 'm' ? 'MATERIALIZED VIEW' : 'TABLE'} "${s}"."${r.name}" OWNER TO "${role}"`);
          const parts = await admin.query<{ name: string }>(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relispartition AND c.relkind IN ('r', 'p')`, [s]);
          for (const p of parts.rows) await admin.query(`ALTER TABLE "${s}"."${p.name}" OWNER TO "${role}"`);
          const fns = await admin.query<{ sig: string }>(`SELECT p.oid::regprocedure::text AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`, [s]);
          for (const f of fns.rows) await admin.query(`ALTER ROUTINE ${f.sig} OWNER TO "${role}"`);
        },
      },
    );
    parked = new ParkedMessages(h.app.get(AmqpConnection), new TopologyNames('hub'), h.publisher);
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    // The schema is gone with the harness; whatever the role still owns (a schema left by a failed
    // start) is handed back to this suite's user, in this database only, so the role can go.
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
    await admin.query(`REASSIGN OWNED BY "${role}" TO CURRENT_USER`);
    await admin.query(`DROP OWNED BY "${role}"`);
    await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After, retries a record until a connection can be had, parks nothing', async () => {
    await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, record({ orderId: 'CL-BEFORE' }));
    await waitFor(async () => (await storedRows('CL-BEFORE')) === 1, { what: 'the record stored before the outage' });
    expect((await list('orderId=CL-BEFORE')).status).toBe(200);

    // No new connection for the role, and the ones the pool holds are closed under it.
    await setLimit(0);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [role]);
    await waitFor(async () => Number((await admin.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE usename = $1`, [role])).rows[0].n) === 0, { what: "the role's connections closed" });

    const refused = await waitFor(async () => {
      const res = await list('orderId=CL-BEFORE');
      return res.status === 503 ? res : undefined;
    }, { what: 'a 503 from the transmission API' });
    expect(refused.body).toEqual({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is not available; retry later' });
    expect(refused.headers.get('retry-after')).toBe('5');

    const retriedBefore = await retries();
    await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, record({ orderId: 'CL-DURING' }));
    // The record is refused a connection and goes to a delay queue (several times: the outage lasts).
    await waitFor(async () => (await retries()) >= retriedBefore + 2, { what: 'the refused record retried twice' });
    expect(await storedRows('CL-DURING')).toBe(0);

    await setLimit(LIMIT);
    await waitFor(async () => (await storedRows('CL-DURING')) === 1, { timeoutMs: 20_000, what: 'the retried record stored once the role may connect again' });
    expect((await list('orderId=CL-DURING')).status).toBe(200);
    expect(await parked.list(['audit-log'])).toEqual([]);
    expect(await storedRows('CL-DURING')).toBe(1);
  }, 60_000);
});
