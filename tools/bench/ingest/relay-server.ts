/**
 * The yardstick for ingest: the least a webhook receiver can do and still promise "accepted means
 * durable". Plain node:http, parses the body, publishes each event (persistent, mandatory) on a
 * confirm channel to the same broker and the same kind of queue as ingest, and answers 200 once
 * every confirm is in. No auth, no dedupe, no translation, no record. Run as its own process.
 *
 * Env: AMQP_URL (a vhost of its own), RELAY_PORT.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { connect, type ConfirmChannel } from 'amqplib';

const EXCHANGE = 'hub.events';
const QUEUE = 'hub.mapping';
const MAX_BODY = 6 * 1024 * 1024;

function publish(ch: ConfirmChannel, event: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    ch.publish(
      EXCHANGE,
      'cart.relay.event.v1',
      Buffer.from(JSON.stringify(event)),
      { persistent: true, mandatory: true, contentType: 'application/json' },
      (err) =>
        err
          ? reject(err instanceof Error ? err : new Error(String(err)))
          : resolve(),
    );
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const conn = await connect(
    process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672',
  );
  const ch = await conn.createConfirmChannel();
  await ch.assertExchange(EXCHANGE, 'topic', { durable: true });
  await ch.assertQueue(QUEUE, {
    durable: true,
    arguments: { 'x-queue-type': 'quorum' },
  });
  await ch.bindQueue(QUEUE, EXCHANGE, 'cart.#');

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    if (req.method !== 'POST') return answer(res, 200, { ok: true });
    readBody(req)
      .then(async (raw) => {
        const events = (
          JSON.parse(raw.toString('utf8')) as { events?: unknown }
        ).events;
        if (!Array.isArray(events))
          return answer(res, 400, { error: 'events must be an array' });
        await Promise.all(events.map((e) => publish(ch, e)));
        answer(res, 200, { received: events.length });
      })
      .catch((err: Error) => answer(res, 503, { error: err.message }));
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env['RELAY_PORT'] ?? 0), '127.0.0.1', () => {
    console.log(
      `relay listening on ${(server.address() as { port: number }).port}`,
    );
  });
  const stop = () =>
    server.close(() => void conn.close().finally(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: Error) => {
  console.error(`relay: ${err.message}`);
  process.exit(1);
});
