import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { connect, type ChannelModel, type GetMessage } from 'amqplib';
import { INestApplication } from '@nestjs/common';
import { ErrorKind, HubError, withCorrelation } from '@hub/platform';
import { createTestVhost, outageRetries, TcpProxy, TestVhost, waitFor } from '@hub/testing';
import { DELIVERY_LIMIT, Headers, MessagePublisher, TopologyNames } from '../src';
import { Journal, LookupResponder, startTestApp } from './fixtures/test-app';

const names = new TopologyNames('hub');
const RETRY = { AMQP_RETRY_BASE_MS: 40, AMQP_RETRY_MAX_MS: 160, AMQP_RETRY_MAX_ATTEMPTS: 4 };

describe('messaging over the real RabbitMQ', () => {
  let vhost: TestVhost;
  let proxy: TcpProxy;
  let app: INestApplication;
  let journal: Journal;
  let publisher: MessagePublisher;
  let admin: ChannelModel;

  beforeAll(async () => {
    vhost = await createTestVhost('messaging');
    const target = new URL(vhost.url);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5672));
    await proxy.start();
    const viaProxy = new URL(vhost.url);
    viaProxy.port = String(proxy.port);
    ({ app, journal, publisher } = await startTestApp('msgtest', { AMQP_URL: viaProxy.toString(), AMQP_PREFIX: 'hub', AMQP_PREFETCH: 10, ...RETRY }));
    await app.get(MessagePublisher); // resolved
    admin = await connect(vhost.url);
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await admin?.close().catch(() => undefined);
    await proxy?.stop();
    await vhost?.dispose();
  });

  const seen = (key: string) => journal.seen.filter((s) => s.key === key);
  async function parkedMessages(service: string): Promise<GetMessage[]> {
    const ch = await admin.createChannel();
    const out: GetMessage[] = [];
    for (;;) {
      const m = await ch.get(names.parked(service), { noAck: true });
      if (!m) break;
      out.push(m);
    }
    await ch.close();
    return out;
  }

  it('declares a durable quorum queue per consumer, bound by wildcard patterns', async () => {
    const res = await fetch(`http://127.0.0.1:15672/api/queues/${encodeURIComponent(vhost.vhost)}/hub.msgtest`, {
      headers: { authorization: 'Basic ' + Buffer.from('guest:guest').toString('base64') },
    });
    if (res.ok) {
      const q = (await res.json()) as { durable: boolean; arguments: Record<string, unknown> };
      expect(q.durable).toBe(true);
      expect(q.arguments['x-queue-type']).toBe('quorum');
      expect(q.arguments['x-delivery-limit']).toBe(DELIVERY_LIMIT);
    } else {
      // Without the management API, a passive check with other arguments must be refused (406).
      const ch = await admin.createChannel();
      await expect(ch.checkQueue('hub.msgtest')).resolves.toMatchObject({ queue: 'hub.msgtest' });
    }
    await publisher.publish('test.ok.one', { n: 1 });
    // `*` is exactly one word: no queue takes this one, and the publisher says so.
    await expect(publisher.publish('test.ok.one.two', { n: 2 })).rejects.toMatchObject({ code: 'UNROUTABLE' });
    await waitFor(() => seen('test.ok.one').length === 1, { what: 'test.ok.one' });
    expect(seen('test.ok.one.two')).toHaveLength(0);
  });

  it('publishes persistent messages and refuses an unroutable one instead of dropping it', async () => {
    await expect(publisher.publish('nobody.listens.v1', { x: 1 })).rejects.toMatchObject({ code: 'UNROUTABLE' });
    const ch = await admin.createChannel();
    const side = (await ch.assertQueue('', { exclusive: true })).queue;
    await ch.bindQueue(side, names.exchange, 'test.ok.persist');
    await withCorrelation('persist-corr', () => publisher.publish('test.ok.persist', { n: 9 }));
    const m = await waitFor(() => ch.get(side, { noAck: true }), { what: 'side-queue copy' });
    expect(m.properties.deliveryMode).toBe(2);
    expect(m.properties.headers?.[Headers.correlationId]).toBe('persist-corr');
    expect(m.properties.contentType).toBe('application/json');
    await ch.close();
  });

  it('carries the correlation id from the first publish through every hop', async () => {
    await withCorrelation('order-corr-42', () => publisher.publish('test.relay.v1', { n: 7 }));
    const relayed = await waitFor(() => seen('test.ok.relayed')[0], { what: 'relayed message' });
    expect(seen('test.relay.v1')[0].contextCorrelationId).toBe('order-corr-42');
    expect(relayed.correlationId).toBe('order-corr-42');
    expect(relayed.contextCorrelationId).toBe('order-corr-42');
  });

  it('retries a transient failure with growing delays, then succeeds once', async () => {
    await publisher.publish('test.flaky.v1', { id: 'f1', failTimes: 2 });
    await waitFor(() => seen('test.flaky.v1').length === 3, { what: 'three attempts' });
    const tries = seen('test.flaky.v1');
    expect(tries.map((t) => t.attempt)).toEqual([1, 2, 3]);
    const gap1 = tries[1].at - tries[0].at;
    const gap2 = tries[2].at - tries[1].at;
    expect(gap1).toBeGreaterThanOrEqual(40 * 0.8 - 5);
    expect(gap2).toBeGreaterThanOrEqual(80 * 0.8 - 5);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen('test.flaky.v1')).toHaveLength(3);
  });

  it('parks a message that keeps failing, with the error and attempt count in headers', async () => {
    await publisher.publish('test.broken.v1', { id: 'b1' }, { messageId: 'msg-broken-1' });
    await waitFor(() => seen('test.broken.v1').length === 4, { what: 'four attempts' });
    const parked = await waitFor(async () => {
      const p = await parkedMessages('msgtest');
      return p.length ? p : undefined;
    }, { what: 'parked message' });
    expect(parked).toHaveLength(1);
    const h = parked[0].properties.headers ?? {};
    expect(h[Headers.failures]).toBe(4);
    expect(h[Headers.error]).toBe('socket hang up');
    expect(h[Headers.routingKey]).toBe('test.broken.v1');
    expect(parked[0].properties.messageId).toBe('msg-broken-1');
    expect(JSON.parse(parked[0].content.toString())).toEqual({ id: 'b1' });
    await new Promise((r) => setTimeout(r, 300));
    expect(seen('test.broken.v1')).toHaveLength(4);
  });

  it('retries a database outage longer than AMQP_RETRY_MAX_ATTEMPTS without using attempts, parks nothing, handles it once when the database is back', async () => {
    const outages = RETRY.AMQP_RETRY_MAX_ATTEMPTS + 4;
    const before = await outageRetries('hub.msgtest');
    await publisher.publish('test.dbdown.v1', { id: 'db1', outageTimes: outages }, { messageId: 'msg-db-1' });
    await waitFor(() => seen('test.dbdown.v1').length === outages + 1, { what: `${outages + 1} deliveries`, timeoutMs: 15_000 });
    // Every delivery is still the message's first attempt: the outage used none.
    expect(seen('test.dbdown.v1').map((s) => s.attempt)).toEqual(Array(outages + 1).fill(1));
    expect((await outageRetries('hub.msgtest')) - before).toBe(outages);
    await new Promise((r) => setTimeout(r, 400));
    expect(seen('test.dbdown.v1')).toHaveLength(outages + 1);
    expect(await parkedMessages('msgtest')).toEqual([]);
  }, 30_000);

  it('still parks after AMQP_RETRY_MAX_ATTEMPTS ordinary failures, counted apart from the outage before them', async () => {
    const outages = 3;
    await publisher.publish('test.dbdown.v1', { id: 'db2', outageTimes: outages, failTimes: -1 }, { messageId: 'msg-db-2' });
    const parked = await waitFor(async () => {
      const p = await parkedMessages('msgtest');
      return p.length ? p : undefined;
    }, { what: 'parked message', timeoutMs: 15_000 });
    expect(parked).toHaveLength(1);
    const h = parked[0].properties.headers ?? {};
    expect(parked[0].properties.messageId).toBe('msg-db-2');
    expect(h[Headers.failures]).toBe(RETRY.AMQP_RETRY_MAX_ATTEMPTS);
    expect(h[Headers.errorCode]).toBe('FLAKY');
    expect(h[Headers.outageRetries]).toBe(outages);
    const tries = seen('test.dbdown.v1').filter((s) => (s.data as { id: string }).id === 'db2');
    expect(tries.map((t) => t.attempt)).toEqual([...Array(outages).fill(1), 1, 2, 3, 4]);
  }, 30_000);

  it('parks a message whose database outage outlasts AMQP_RETRY_OUTAGE_MAX_MS, with the reason', async () => {
    const short = await startTestApp('outagetest', { AMQP_URL: vhost.url, AMQP_PREFIX: 'ot', AMQP_RETRY_BASE_MS: 20, AMQP_RETRY_MAX_MS: 40, AMQP_RETRY_MAX_ATTEMPTS: 3, AMQP_RETRY_OUTAGE_MAX_MS: 400 });
    try {
      await short.publisher.publish('test.dbdown.v1', { id: 'db3', outageTimes: 1_000 }, { messageId: 'msg-db-3' });
      const ch = await admin.createChannel();
      const m = await waitFor(() => ch.get(new TopologyNames('ot').parked('outagetest'), { noAck: true }), { what: 'parked after the outage budget', timeoutMs: 10_000 });
      await ch.close();
      const h = m.properties.headers ?? {};
      expect(h[Headers.errorCode]).toBe('DATABASE_UNAVAILABLE');
      expect(String(h[Headers.error])).toContain('ECONNREFUSED');
      expect(h[Headers.failures]).toBe(1);
      // Retried well past its 3 attempts, none used; parked on the first failure after 400 ms of outage.
      expect(Number(h[Headers.outageRetries])).toBeGreaterThan(3);
      const tries = short.journal.seen.filter((s) => s.key === 'test.dbdown.v1');
      expect(tries[tries.length - 1].at - tries[0].at).toBeGreaterThanOrEqual(350);
    } finally {
      await short.app.close();
    }
  }, 30_000);

  it('sees the outage under the hub\'s error that wraps it; a CRM\'s refused connection (its error names it) uses attempts', async () => {
    const outages = RETRY.AMQP_RETRY_MAX_ATTEMPTS + 2;
    const before = await outageRetries('hub.msgtest', 'database');
    await publisher.publish('test.dbdown.v1', { id: 'db4', outageTimes: outages, wrap: 'hub' }, { messageId: 'msg-db-4' });
    await publisher.publish('test.dbdown.v1', { id: 'db5', outageTimes: 1_000, wrap: 'upstream' }, { messageId: 'msg-db-5' });
    const tries = (id: string) => seen('test.dbdown.v1').filter((s) => (s.data as { id: string }).id === id);
    await waitFor(() => tries('db4').length === outages + 1, { what: `${outages + 1} deliveries of the wrapped outage`, timeoutMs: 15_000 });
    expect(tries('db4').map((t) => t.attempt)).toEqual(Array(outages + 1).fill(1));
    expect((await outageRetries('hub.msgtest', 'database')) - before).toBe(outages);
    const parked = await waitFor(async () => {
      const p = await parkedMessages('msgtest');
      return p.length ? p : undefined;
    }, { what: 'the CRM failure parked', timeoutMs: 15_000 });
    expect(parked.map((p) => p.properties.messageId)).toEqual(['msg-db-5']);
    const h = parked[0].properties.headers ?? {};
    expect(h[Headers.errorCode]).toBe('CRM_UNREACHABLE');
    expect(h[Headers.failures]).toBe(RETRY.AMQP_RETRY_MAX_ATTEMPTS);
    expect(h[Headers.outageRetries]).toBeUndefined();
    expect(tries('db5').map((t) => t.attempt)).toEqual([1, 2, 3, 4]);
  }, 30_000);

  it('retries a message whose RPC finds the answering service stopped, then gone, without using attempts; handles it once when the service is back, parks nothing', async () => {
    const start = () => startTestApp('lookup', { AMQP_URL: vhost.url, AMQP_PREFIX: 'hub' }, LookupResponder);
    let responder = await start();
    const tries = (id: string) => seen('test.asks.v1').filter((s) => (s.data as { id: string }).id === id);
    try {
      await publisher.publish('test.asks.v1', { id: 'ask0' });
      await waitFor(() => journal.answered.includes('ask0'), { what: 'answered while the service runs' });
      // Stopped: its request queue outlives it, so a request waits there unanswered (RPC_TIMEOUT).
      await responder.app.close();
      const before = await outageRetries('hub.msgtest', 'service');
      await publisher.publish('test.asks.v1', { id: 'ask1' }, { messageId: 'msg-ask-1' });
      await waitFor(() => tries('ask1').length >= RETRY.AMQP_RETRY_MAX_ATTEMPTS + 2, { what: 'retries past the attempts while stopped', timeoutMs: 15_000 });
      // Gone: no queue takes the request (NO_RESPONDER at once), as on a broker it never ran on.
      const ch = await admin.createChannel();
      await ch.deleteQueue(names.rpc('lookup'));
      await ch.close();
      const stoppedTries = tries('ask1').length;
      await waitFor(() => journal.rpcFailures.includes('NO_RESPONDER') && tries('ask1').length >= stoppedTries + 3, { what: 'retries while gone', timeoutMs: 15_000 });
      responder = await start();
      await waitFor(() => journal.answered.includes('ask1'), { what: 'answered once the service is back', timeoutMs: 15_000 });
      await new Promise((r) => setTimeout(r, 400));
      const all = tries('ask1');
      expect(journal.answered.filter((id) => id === 'ask1')).toHaveLength(1);
      expect(all.map((t) => t.attempt)).toEqual(Array(all.length).fill(1));
      expect(new Set(journal.rpcFailures)).toEqual(new Set(['RPC_TIMEOUT', 'NO_RESPONDER']));
      expect((await outageRetries('hub.msgtest', 'service')) - before).toBe(all.length - 1);
      // Longer than its attempts could have lasted: 4 attempts with delays up to 160 ms.
      expect(all[all.length - 1].at - all[0].at).toBeGreaterThan(RETRY.AMQP_RETRY_MAX_ATTEMPTS * RETRY.AMQP_RETRY_MAX_MS * 2);
      expect(await parkedMessages('msgtest')).toEqual([]);
    } finally {
      await responder.app.close();
    }
  }, 60_000);

  it('uses attempts, and parks, for a request the answering service takes but never answers in time, while it answers the later ones', async () => {
    const responder = await startTestApp('lookup', { AMQP_URL: vhost.url, AMQP_PREFIX: 'hub' }, LookupResponder);
    // Other callers' requests keep the service busy answering, as the other commands' do.
    let traffic = true;
    const others = (async () => {
      for (let n = 0; traffic; n++) {
        await publisher.request('rpc.test.lookup.v1', { id: `other-${n}` }, { timeoutMs: 1_000 }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const tries = (id: string) => seen('test.asks.v1').filter((s) => (s.data as { id: string }).id === id);
    try {
      await parkedMessages('msgtest');
      const failuresBefore = journal.rpcFailures.length;
      const outagesBefore = await outageRetries('hub.msgtest', 'service');
      await publisher.publish('test.asks.v1', { id: 'poison-1' }, { messageId: 'msg-poison-1' });
      await publisher.publish('test.asks.v1', { id: 'fine-1' });
      const [parked] = await waitFor(async () => {
        const p = await parkedMessages('msgtest');
        return p.length ? p : undefined;
      }, { what: 'the unanswerable request parked', timeoutMs: 15_000 });
      expect(parked.properties.messageId).toBe('msg-poison-1');
      expect(parked.properties.headers?.[Headers.errorCode]).toBe('RPC_UNANSWERED');
      expect(parked.properties.headers?.[Headers.failures]).toBe(RETRY.AMQP_RETRY_MAX_ATTEMPTS);
      expect(tries('poison-1').map((t) => t.attempt)).toEqual([1, 2, 3, 4]);
      expect(journal.rpcFailures.slice(failuresBefore)).toEqual(Array(RETRY.AMQP_RETRY_MAX_ATTEMPTS).fill('RPC_UNANSWERED'));
      expect(await outageRetries('hub.msgtest', 'service')).toBe(outagesBefore);
      expect(journal.answered).toContain('fine-1');
      expect(journal.answered).not.toContain('poison-1');
    } finally {
      traffic = false;
      await others;
      await responder.app.close();
    }
  }, 60_000);

  it('parks a permanent error and an invalid payload at once', async () => {
    await publisher.publish('test.permanent.v1', { id: 'p1' });
    await publisher.publish('test.contract.v1', { n: 'not a number' });
    await publisher.publish('test.contract.v1', { n: 5 });
    await waitFor(() => seen('test.contract.v1').length === 1, { what: 'valid contract message' });
    const parked = await waitFor(async () => {
      const p = await parkedMessages('msgtest');
      return p.length >= 2 ? p : undefined;
    }, { what: 'two parked messages' });
    const codes = parked.map((p) => p.properties.headers?.[Headers.errorCode]).sort();
    expect(codes).toEqual(['BAD_CREDENTIALS', 'VALIDATION_FAILED']);
    expect(parked.every((p) => p.properties.headers?.[Headers.failures] === 1)).toBe(true);
    const invalid = parked.find((p) => p.properties.headers?.[Headers.errorCode] === 'VALIDATION_FAILED');
    expect(String(invalid?.properties.headers?.[Headers.error])).toContain('n must be an integer number');
    expect(seen('test.permanent.v1')).toHaveLength(1);
    expect(seen('test.contract.v1')[0].data).toEqual({ n: 5 });
  });

  it('carries a large body compressed, decoded for the handler, and keeps its encoding through retries and parking', async () => {
    const note = 'order line '.repeat(2_000);
    const ch = await admin.createChannel();
    const side = (await ch.assertQueue('', { exclusive: true })).queue;
    await ch.bindQueue(side, names.exchange, 'test.ok.big');
    await publisher.publish('test.ok.big', { note }, { compress: true });
    const onWire = await waitFor(() => ch.get(side, { noAck: true }), { what: 'side-queue copy' });
    expect(onWire.properties.contentEncoding).toBe('br');
    expect(onWire.content.length).toBeLessThan(note.length / 10);
    await ch.close();
    await waitFor(() => seen('test.ok.big').length === 1, { what: 'compressed message handled' });
    expect(seen('test.ok.big')[0].data).toEqual({ note });

    await publisher.publish('test.broken.v1', { id: 'b-big', note }, { compress: true, messageId: 'msg-broken-big' });
    await waitFor(() => seen('test.broken.v1').filter((s) => (s.data as { id: string }).id === 'b-big').length === 4, { what: 'four attempts of the compressed message' });
    const parked = await waitFor(async () => {
      const p = await parkedMessages('msgtest');
      return p.length ? p : undefined;
    }, { what: 'parked compressed message' });
    expect(parked[0].properties.contentEncoding).toBe('br');
    expect(seen('test.broken.v1').filter((s) => (s.data as { id: string }).id === 'b-big').every((s) => (s.data as { note: string }).note === note)).toBe(true);
  });

  it('parks a message whose declared encoding it cannot read, without handling it', async () => {
    const ch = await admin.createChannel();
    ch.publish(names.exchange, 'test.ok.garbled', Buffer.from('not brotli'), { contentEncoding: 'br', persistent: true });
    await ch.close();
    const parked = await waitFor(async () => {
      const p = await parkedMessages('msgtest');
      return p.length ? p : undefined;
    }, { what: 'parked garbled message' });
    expect(parked[0].properties.headers?.[Headers.errorCode]).toBe('MALFORMED_MESSAGE');
    expect(String(parked[0].properties.headers?.[Headers.error])).toContain('cannot be decoded as br');
    expect(seen('test.ok.garbled')).toHaveLength(0);
  });

  it('answers requests with a result, a typed error, or a timeout', async () => {
    await expect(withCorrelation('rpc-corr', () => publisher.request('rpc.test.echo.v1', { a: 1 }))).resolves.toEqual({
      echo: { a: 1 },
      correlationId: 'rpc-corr',
    });
    const err = await publisher.request('rpc.test.missing.v1', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', kind: ErrorKind.NotFound });
    // The responder's database unreachable: `unavailable` (the caller answers 503), not INTERNAL.
    await expect(publisher.request('rpc.test.dbdown.v1', {})).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', kind: ErrorKind.Unavailable });
    // The same under the hub's error around it (was STORE_FAILED, transient: the caller's 502).
    await expect(publisher.request('rpc.test.dbdown-wrapped.v1', {})).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', kind: ErrorKind.Unavailable });
    // No answer in time: the service is ours and out (503 to an HTTP caller), not a failure of the request.
    await expect(publisher.request('rpc.test.slow.v1', {}, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'RPC_TIMEOUT', kind: ErrorKind.Unavailable });
    await expect(publisher.request('rpc.nobody.v1', {}, { timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'NO_RESPONDER' });
  });

  it('fails a publish at once while the broker is unreachable, and heals by itself', async () => {
    await proxy.cut();
    await waitFor(async () => {
      const started = Date.now();
      const err = await publisher.publish('test.ok.down', { n: 1 }).catch((e: unknown) => e);
      return err instanceof HubError && err.code === 'BROKER_UNAVAILABLE' && Date.now() - started < 50;
    }, { what: 'fast failure', timeoutMs: 5_000 });
    await proxy.restore();
    // Reconnected: publishing works again and the consumer is subscribed again.
    await waitFor(() => publisher.publish('test.ok.back', { n: 2 }).then(() => true), { what: 'publish after restore', timeoutMs: 15_000 });
    await waitFor(() => seen('test.ok.back').length === 1, { what: 'consumed after restore', timeoutMs: 15_000 });
  }, 30_000);

  it('recovers when the broker drops every connection (as on a restart)', async () => {
    await vhost.dropConnections();
    admin = await connect(vhost.url);
    await waitFor(() => publisher.publish('test.ok.again', { n: 3 }).then(() => true), { what: 'publish after drop', timeoutMs: 15_000 });
    await waitFor(() => seen('test.ok.again').length === 1, { what: 'consumed after drop', timeoutMs: 15_000 });
  }, 30_000);

  it('retries through delay queues more often than x-delivery-limit, and the broker parks nothing', async () => {
    // Its own prefix: the suite's other consumers (4 attempts) never see these messages.
    const many = await startTestApp('dltest', { AMQP_URL: vhost.url, AMQP_PREFIX: 'dl', AMQP_RETRY_BASE_MS: 10, AMQP_RETRY_MAX_MS: 20, AMQP_RETRY_MAX_ATTEMPTS: DELIVERY_LIMIT + 5 });
    try {
      await many.publisher.publish('test.flaky.v1', { id: 'dl1', failTimes: DELIVERY_LIMIT + 2 });
      await waitFor(() => many.journal.seen.filter((s) => s.key === 'test.flaky.v1').length === DELIVERY_LIMIT + 3, { what: `${DELIVERY_LIMIT + 3} attempts`, timeoutMs: 20_000 });
      expect(many.journal.seen.filter((s) => s.key === 'test.flaky.v1').map((s) => s.attempt)).toEqual(Array.from({ length: DELIVERY_LIMIT + 3 }, (_, i) => i + 1));
      const ch = await admin.createChannel();
      expect((await ch.checkQueue(new TopologyNames('dl').parked('dltest'))).messageCount).toBe(0);
      await ch.close();
    } finally {
      await many.app.close();
    }
  }, 60_000);

  it('loses nothing when a consumer is killed mid-message', async () => {
    const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', `${__dirname}/fixtures/consumer-process.ts`], {
      env: { ...process.env, SERVICE: 'killtest', AMQP_URL: vhost.url, SWC_NODE_PROJECT: 'tsconfig.base.json' },
      cwd: resolve(__dirname, '../../../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitFor(() => out.includes('READY'), { what: 'child consumer', timeoutMs: 30_000 });
      await publisher.publish('test.slow.v1', { ms: 60_000, id: 'k1' });
      await waitFor(() => out.includes('HANDLER_STARTED'), { what: 'handler start in child', timeoutMs: 10_000 });
    } finally {
      child.kill('SIGKILL');
    }
    // A second consumer of the same queue gets the unacknowledged message.
    const second = await startTestApp('killtest', { AMQP_URL: vhost.url, AMQP_PREFIX: 'hub' });
    try {
      const got = await waitFor(() => second.journal.seen.find((s) => s.key === 'test.slow.v1'), { what: 'redelivery', timeoutMs: 70_000 });
      expect(got.data).toEqual({ ms: 60_000, id: 'k1' });
    } finally {
      await second.app.close();
    }
  }, 120_000);
});
