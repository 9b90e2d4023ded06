/**
 * Retries waiting in their delay queues survive a broker restart — a clean one (an upgrade, a node
 * restart) and a crash. Classic delay queues lost every retry still waiting in them (found by
 * tools/chaos: an order that was being retried when RabbitMQ restarted never reached its CRM).
 * Needs a broker of its own to restart: a private RabbitMQ node, never the shared one.
 */
import { INestApplication } from '@nestjs/common';
import { PrivateRabbitMq, waitFor } from '@hub/testing';
import { MessagePublisher } from '../src';
import { Journal, startTestApp } from './fixtures/test-app';

describe('retries across a broker restart', () => {
  let broker: PrivateRabbitMq;
  let app: INestApplication;
  let journal: Journal;
  let publisher: MessagePublisher;

  beforeAll(async () => {
    broker = await PrivateRabbitMq.create();
    // One retry tier of 2 s: every failed message waits in the delay queue while the broker restarts.
    ({ app, journal, publisher } = await startTestApp('restart', { AMQP_URL: broker.url, AMQP_PREFIX: 'hub', AMQP_RETRY_BASE_MS: 2_000, AMQP_RETRY_MAX_MS: 2_000, AMQP_RETRY_MAX_ATTEMPTS: 5 }));
  }, 90_000);

  afterAll(async () => {
    await app?.close();
    await broker?.dispose();
  }, 60_000);

  it.each([
    ['stopped cleanly', () => broker.stop()],
    ['killed', () => broker.crash()],
  ])('delivers every retry that was waiting when the broker was %s', async (how, restart) => {
    const ids = Array.from({ length: 20 }, (_, i) => `${how}-${i}`);
    for (const id of ids) await publisher.publish('test.flaky.v1', { id, failTimes: 1 });
    // Every message failed once and now waits ~2 s in the delay queue (or its retry is still being confirmed).
    await waitFor(() => ids.every((id) => journal.failures.get(id) === 1), { what: 'a first failure of each', timeoutMs: 10_000 });
    await restart();
    await broker.start();
    // Handled again after its failure: the retry from the delay queue (attempt 2), or, when the
    // broker died after the failure but before it confirmed the retry, the original itself,
    // redelivered unacked (attempt 1 again). Either way nothing is lost.
    const second = (id: string) => journal.seen.filter((s) => (s.data as { id?: string }).id === id).length >= 2;
    await waitFor(() => ids.every(second), { what: 'every retry delivered after the restart', timeoutMs: 30_000, intervalMs: 200 }).catch((err: Error) => {
      throw new Error(`${err.message}: ${ids.filter((id) => !second(id)).length} of ${ids.length} retries lost`);
    });
  }, 60_000);
});
