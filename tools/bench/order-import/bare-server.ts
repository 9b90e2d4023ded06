/**
 * The yardstick for order-import: the least an order endpoint can do and still promise "stored and
 * published". Plain node:http; per request it inserts the body as one row and publishes it
 * (persistent, mandatory) on a confirm channel to the same broker and the same kind of queue, and
 * answers 200 once the row is committed and the confirm is in. No auth, validation, catalog,
 * payment, idempotency, outbox or transmission record. Run as its own process.
 *
 * Env: AMQP_URL (a vhost of its own), DATABASE_URL, BARE_SCHEMA (created here), BARE_PORT.
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';
import { connect, type ConfirmChannel } from 'amqplib';
import { Pool } from 'pg';

const EXCHANGE = 'hub.events';
const QUEUE = 'hub.mapping';

function publish(ch: ConfirmChannel, body: Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    ch.publish(EXCHANGE, 'cart.order.placed.v1', body, { persistent: true, mandatory: true, contentType: 'application/json' }, (err) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
    ),
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const schema = process.env['BARE_SCHEMA'] ?? 'bare';
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'], max: 10, options: `-c search_path=${schema}` });
  await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await pool.query(`CREATE TABLE IF NOT EXISTS orders (order_id text PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  const conn = await connect(process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672');
  const ch = await conn.createConfirmChannel();
  await ch.assertExchange(EXCHANGE, 'topic', { durable: true });
  await ch.assertQueue(QUEUE, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await ch.bindQueue(QUEUE, EXCHANGE, 'cart.#');

  const server = createServer((req, res) => {
    readBody(req)
      .then(async (body) => {
        JSON.parse(body.toString('utf8'));
        await pool.query(`INSERT INTO orders (order_id, payload) VALUES ($1, $2)`, [randomUUID(), body.toString('utf8')]);
        await publish(ch, body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
      })
      .catch((err: Error) => res.writeHead(500).end(err.message));
  });
  server.listen(Number(process.env['BARE_PORT'] ?? 0), '127.0.0.1', () => console.log('bare listening'));
  const stop = () => server.close(() => void Promise.all([conn.close(), pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).then(() => pool.end())]).then(() => process.exit(0)));
  process.on('SIGTERM', stop);
}

void main();
