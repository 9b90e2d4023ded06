/**
 * A service is ready only once its consumers and RPC responders are subscribed: a process that
 * answered /health/ready before took requests needing its own RPC responders and answered them
 * NO_RESPONDER (found by tools/chaos: mapping's first calls after a start, 503).
 */
import { INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PlatformModule, ReadinessRegistry } from '@hub/platform';
import { createTestVhost, TestVhost } from '@hub/testing';
import { MessagingModule, startConsumers } from '../src';
import { Journal, TEST_CONTRACTS, TestHandlers } from './fixtures/test-app';

describe('readiness of the consumers', () => {
  let vhost: TestVhost;
  let app: INestApplication;

  beforeAll(async () => {
    vhost = await createTestVhost('readiness');
  });

  afterAll(async () => {
    await app?.close();
    await vhost?.dispose();
  });

  it('reports not ready until the handlers are subscribed, then ready', async () => {
    @Module({
      imports: [PlatformModule.forRoot('readytest'), MessagingModule.forRoot({ service: 'readytest', contracts: TEST_CONTRACTS, config: { AMQP_URL: vhost.url, AMQP_PREFIX: 'hub' } })],
      controllers: [TestHandlers],
      providers: [Journal],
    })
    class ReadyTestModule {}
    app = (await Test.createTestingModule({ imports: [ReadyTestModule] }).compile()).createNestApplication({ logger: false });
    await app.init();
    const server = await startConsumers(app);
    const consumers = app.get(ReadinessRegistry).all().find((c) => c.name === 'consumers');
    // Subscribing takes broker round trips: right after the start it cannot be done yet.
    await expect(consumers?.check()).rejects.toThrow('consumers not subscribed yet');
    await server.ready();
    await expect(consumers?.check()).resolves.toBeUndefined();
  });
});
