/**
 * The yardstick for the whole hub: a raw amqplib relay through the same three broker hops, each
 * hop a tiny process of its own. It carries the same messages the hub carried in the same run —
 * as many per order, of the same average sizes — and does nothing else: no database, no CRM call,
 * no validation, no framework.
 *
 *   front      node:http; per request publishes one "cart event" per event and the delivery's
 *              record(s), persistent, on a confirm channel, and answers 200 once all are confirmed
 *   mapping    consumes the cart events; publishes one "command" per CRM the event goes to
 *   connector  consumes the commands; publishes as many "records" as the hub's connector did
 *   sink       consumes the records; prints `done <item> <epoch ms>` when an item's last one arrives
 *
 * Each hop acks a message only after its own publishes are confirmed, with the hub's prefetch, on
 * quorum queues like the hub's. The plan of each event (the item, its commands and records) rides
 * in an `x-plan` request header and then in message headers; sizes come from RELAY_SIZES.
 *
 * Env: AMQP_URL (a vhost of its own), RELAY_ROLE, RELAY_PORT (front), RELAY_PREFETCH (50),
 * RELAY_SIZES (JSON {cart, command, record}).
 */
import { createServer } from 'node:http';
import { connect, type ConfirmChannel, type ConsumeMessage } from 'amqplib';

export const RELAY_EXCHANGE = 'relay.events';
export const RELAY_QUEUES = { mapping: ['relay.mapping', 'cart.#'], connector: ['relay.connector', 'crm.#'], sink: ['relay.audit', 'audit.#'] } as const;

/** One event of a request: its item, and per CRM how many records the hub's connector published. */
export interface EventPlan {
  item: number;
  /** Records per command, one entry per command (CRM) the hub's mapping published. */
  commands: number[];
}
/** The `x-plan` header of one request: its events, and how many records the front itself publishes. */
export interface RequestPlan {
  events: EventPlan[];
  frontRecords: number;
}

const role = process.env['RELAY_ROLE'] ?? '';
const sizes = JSON.parse(process.env['RELAY_SIZES'] ?? '{"cart":3000,"command":2000,"record":1500}') as { cart: number; command: number; record: number };
const prefetch = Number(process.env['RELAY_PREFETCH'] ?? 50);
const bodies = { cart: Buffer.alloc(sizes.cart, 'c'), command: Buffer.alloc(sizes.command, 'm'), record: Buffer.alloc(sizes.record, 'r') };

function publish(ch: ConfirmChannel, key: string, body: Buffer, headers: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    ch.publish(RELAY_EXCHANGE, key, body, { persistent: true, mandatory: true, contentType: 'application/json', headers }, (err) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()));
  });
}

async function main(): Promise<void> {
  const conn = await connect(process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672');
  const ch = await conn.createConfirmChannel();
  await ch.assertExchange(RELAY_EXCHANGE, 'topic', { durable: true });
  for (const [queue, pattern] of Object.values(RELAY_QUEUES)) {
    await ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await ch.bindQueue(queue, RELAY_EXCHANGE, pattern);
  }
  await ch.prefetch(prefetch);
  const consume = (queue: string, handle: (m: ConsumeMessage) => Promise<void>) =>
    ch.consume(queue, (m) => {
      if (!m) return;
      handle(m).then(
        () => ch.ack(m),
        () => ch.nack(m, false, true),
      );
    });

  if (role === 'front') {
    const server = createServer((req, res) => {
      let bytes = 0;
      req.on('data', (c: Buffer) => (bytes += c.length));
      req.on('end', () => {
        const plan = JSON.parse(String(req.headers['x-plan'] ?? '{"events":[],"frontRecords":0}')) as RequestPlan;
        const publishes = [
          ...plan.events.map((e) => publish(ch, 'cart.relay.v1', bodies.cart, { item: e.item, commands: e.commands.join(',') })),
          ...Array.from({ length: plan.frontRecords }, () => publish(ch, 'audit.relay.v1', bodies.record, { item: -1 })),
        ];
        Promise.all(publishes).then(
          () => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(`{"received":${bytes}}`);
          },
          (err: Error) => {
            res.writeHead(503);
            res.end(err.message);
          },
        );
      });
    });
    server.keepAliveTimeout = 65_000;
    server.listen(Number(process.env['RELAY_PORT'] ?? 0), '127.0.0.1', () => console.log(`relay ${role} ready on ${(server.address() as { port: number }).port}`));
  } else if (role === 'mapping') {
    await consume(RELAY_QUEUES.mapping[0], async (m) => {
      const item = Number(m.properties.headers?.['item']);
      const commands = String(m.properties.headers?.['commands'] ?? '').split(',').filter(Boolean).map(Number);
      const expect = commands.reduce((s, n) => s + n, 0);
      await Promise.all(commands.map((records) => publish(ch, 'crm.relay.v1', bodies.command, { item, records, expect })));
    });
    console.log(`relay ${role} ready`);
  } else if (role === 'connector') {
    await consume(RELAY_QUEUES.connector[0], async (m) => {
      const h = m.properties.headers ?? {};
      await Promise.all(Array.from({ length: Number(h['records']) }, () => publish(ch, 'audit.relay.v1', bodies.record, { item: h['item'], expect: h['expect'] })));
    });
    console.log(`relay ${role} ready`);
  } else if (role === 'sink') {
    const seen = new Map<number, number>();
    await consume(RELAY_QUEUES.sink[0], async (m) => {
      const item = Number(m.properties.headers?.['item']);
      if (item < 0) return;
      const n = (seen.get(item) ?? 0) + 1;
      seen.set(item, n);
      if (n === Number(m.properties.headers?.['expect'])) process.stdout.write(`done ${item} ${Date.now()}\n`);
    });
    console.log(`relay ${role} ready`);
  } else throw new Error(`RELAY_ROLE must be front, mapping, connector or sink, not "${role}"`);

  const stop = () => void conn.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: Error) => {
  console.error(`relay ${role}: ${err.message}`);
  process.exit(1);
});
