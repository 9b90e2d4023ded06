import { EventEmitter } from 'node:events';
import { decodeWireContent, RoutingKeys, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { withCorrelation } from '@hub/platform';
import type { AmqpConnection } from './amqp-connection';
import { MessagePublisher } from './message-publisher';
import { TopologyNames } from './topology';
import { RecordBatchLimits, SerializedBody, TransmissionInput, TransmissionRecorder } from './transmission-recorder';

/** One publish the broker has not confirmed yet: the test confirms or fails it. */
interface Published {
  routingKey: string;
  records: TransmissionRecordedV1[];
  messageId: string;
  correlationId: string;
  confirm(err?: Error): void;
}

/**
 * The real MessagePublisher (compression, confirm handling) over a confirm channel whose broker
 * is the test: every publish waits until the test confirms or refuses it.
 */
const everyPublish: Published[] = [];

function harness(limits?: RecordBatchLimits) {
  const published: Published[] = [];
  const channel = Object.assign(new EventEmitter(), {
    publish(_exchange: string, routingKey: string, content: Buffer, props: { contentEncoding?: string; messageId: string; correlationId: string }, cb: (err?: Error) => void) {
      const body = JSON.parse(decodeWireContent(content, props.contentEncoding).toString('utf8')) as TransmissionRecordedV1 | { records: TransmissionRecordedV1[] };
      const records = 'records' in body ? body.records : [body];
      everyPublish.push({ routingKey, records, messageId: props.messageId, correlationId: props.correlationId, confirm: (err) => cb(err) });
      published.push({ routingKey, records, messageId: props.messageId, correlationId: props.correlationId, confirm: (err) => cb(err) });
      return true;
    },
  });
  const connection = Object.assign(new EventEmitter(), { confirmChannel: () => channel }) as unknown as AmqpConnection;
  const publisher = new MessagePublisher(connection, { names: new TopologyNames('t'), publishTimeoutMs: 60_000, rpcTimeoutMs: 1_000 });
  return { recorder: new TransmissionRecorder(publisher, limits), published };
}

const input = (n: number, extra: Partial<TransmissionInput> = {}): TransmissionInput => ({
  merchantId: 'M1',
  integration: 'ontraport',
  direction: 'outbound',
  type: 'sale',
  status: 'succeeded',
  description: `call ${n}`,
  durationMs: 1,
  attempt: 1,
  ...extra,
});

/** Lets the recorder's promise callbacks run (compression is synchronous below 512 kB). */
const settle = () => new Promise((r) => setImmediate(r));

/** Watches a promise without awaiting it: 'pending' until it settles. */
function watch<T>(p: Promise<T>): { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } {
  const w: { state: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = { state: 'pending' };
  p.then(
    (value) => Object.assign(w, { state: 'resolved', value }),
    (error) => Object.assign(w, { state: 'rejected', error }),
  );
  return w;
}

describe('TransmissionRecorder (group commit)', () => {
  // A publish a test left unconfirmed would keep its timeout timer running.
  afterEach(() => everyPublish.splice(0).forEach((p) => p.confirm()));

  it('publishes a record made while idle at once, alone, in the single-record form', async () => {
    const { recorder, published } = harness();
    const r = watch(withCorrelation('corr-1', () => recorder.record(input(1, { requestBody: { card: '4111111111111111', ok: 1 } }))));
    await settle();
    expect(published).toHaveLength(1);
    expect(published[0].routingKey).toBe(RoutingKeys.audit.transmissionRecorded);
    expect(published[0].records[0]).toMatchObject({ description: 'call 1', correlationId: 'corr-1' });
    expect(published[0].records[0].requestBody).not.toContain('4111111111111111');
    expect(published[0].messageId).toBe(published[0].records[0].id);
    expect(published[0].correlationId).toBe('corr-1');
    expect(r.state).toBe('pending'); // not before the broker's confirm
    published[0].confirm();
    await settle();
    expect(r).toEqual({ state: 'resolved', value: published[0].records[0].id });
  });

  it('gathers what arrives while a publish awaits its confirm and sends it as one message when the confirm arrives', async () => {
    const { recorder, published } = harness();
    const first = watch(recorder.record(input(0)));
    await settle();
    const rest = [1, 2, 3, 4, 5].map((n) => watch(withCorrelation(`c${n}`, () => recorder.record(input(n, n === 3 ? { requestBody: SerializedBody.of('<xml/>') } : {})))));
    await settle();
    expect(published).toHaveLength(1); // nothing more until the confirm
    published[0].confirm();
    await settle();
    expect(first.state).toBe('resolved');
    expect(published).toHaveLength(2);
    expect(published[1].routingKey).toBe(RoutingKeys.audit.transmissionBatchRecorded);
    expect(published[1].records.map((x) => x.description)).toEqual(['call 1', 'call 2', 'call 3', 'call 4', 'call 5']);
    expect(published[1].records.map((x) => x.correlationId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(published[1].records[2].requestBody).toBe('<xml/>');
    expect(rest.every((r) => r.state === 'pending')).toBe(true);
    published[1].confirm();
    await settle();
    expect(rest.map((r) => r.value)).toEqual(published[1].records.map((x) => x.id));
  });

  it('sends a batch as soon as it reaches the record cap, without waiting for the confirm', async () => {
    const { recorder, published } = harness({ maxRecords: 3, maxBytes: 1 << 20 });
    const all = Array.from({ length: 8 }, (_, n) => watch(recorder.record(input(n))));
    await settle();
    // 0 alone (idle); 1-3 and 4-6 full; 7 waits for a confirm.
    expect(published.map((p) => p.records.map((x) => x.description))).toEqual([['call 0'], ['call 1', 'call 2', 'call 3'], ['call 4', 'call 5', 'call 6']]);
    published[1].confirm();
    await settle();
    expect(published).toHaveLength(3); // others still in flight: 7 keeps gathering
    published[0].confirm();
    published[2].confirm();
    await settle();
    expect(published.map((p) => p.records.length)).toEqual([1, 3, 3, 1]);
    published[3].confirm();
    await settle();
    expect(all.every((r) => r.state === 'resolved')).toBe(true);
  });

  it('caps the bytes per message; a record larger than the cap travels alone', async () => {
    const { recorder, published } = harness({ maxRecords: 100, maxBytes: 2_000 });
    void recorder.record(input(0));
    await settle();
    const big = 'x'.repeat(3_000);
    const medium = 'y'.repeat(700);
    void recorder.record(input(1, { responseBody: medium }));
    void recorder.record(input(2, { responseBody: medium }));
    void recorder.record(input(3, { responseBody: big }));
    void recorder.record(input(4, { responseBody: medium }));
    await settle();
    // 1+2 fit (≈ 2 × 950 bytes); 3 would pass the cap, so 1+2 leave; 3 alone is over it and leaves at once; 4 waits.
    expect(published).toHaveLength(3);
    published.forEach((p) => p.confirm());
    await settle();
    const sizes = published.map((p) => p.records.map((x) => x.description));
    expect(sizes).toEqual([['call 0'], ['call 1', 'call 2'], ['call 3'], ['call 4']]);
    for (const p of published.slice(1)) {
      const bytes = Buffer.byteLength(JSON.stringify({ records: p.records }));
      if (p.records.length > 1) expect(bytes).toBeLessThanOrEqual(2_000);
    }
  });

  it('rejects every caller of a batch the broker refused, and only them; nothing is dropped', async () => {
    const { recorder, published } = harness();
    const first = watch(recorder.record(input(0)));
    await settle();
    const batch = [1, 2, 3].map((n) => watch(recorder.record(input(n))));
    await settle();
    published[0].confirm();
    await settle();
    const later = [4, 5].map((n) => watch(recorder.record(input(n))));
    await settle();
    published[1].confirm(new Error('PRECONDITION_FAILED'));
    await settle();
    expect(first.state).toBe('resolved');
    expect(batch.map((r) => r.state)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(String((batch[0].error as Error).message)).toMatch(/broker did not confirm: PRECONDITION_FAILED/);
    // What gathered during the failed publish still goes, in its own message.
    expect(published[2].records.map((x) => x.description)).toEqual(['call 4', 'call 5']);
    published[2].confirm();
    await settle();
    expect(later.map((r) => r.state)).toEqual(['resolved', 'resolved']);
    // Every record was either confirmed or its caller told: none is still waiting.
    expect([first, ...batch, ...later].filter((r) => r.state === 'pending')).toHaveLength(0);
  });

  it('with many concurrent producers, every record is published exactly once and each caller gets its own id', async () => {
    const { recorder, published } = harness({ maxRecords: 25, maxBytes: 1 << 20 });
    const confirmer = setInterval(() => published.forEach((p) => p.confirm()), 1);
    try {
      const producers = Array.from({ length: 40 }, (_, p) =>
        (async () => {
          const ids: string[] = [];
          for (let i = 0; i < 20; i++) ids.push(await recorder.record(input(p * 100 + i)));
          return ids;
        })(),
      );
      const ids = (await Promise.all(producers)).flat();
      const sent = published.flatMap((p) => p.records);
      expect(sent).toHaveLength(800);
      expect(new Set(sent.map((x) => x.id)).size).toBe(800);
      expect(new Set(ids)).toEqual(new Set(sent.map((x) => x.id)));
      expect(Math.max(...published.map((p) => p.records.length))).toBeLessThanOrEqual(25);
      expect(published.length).toBeLessThan(200); // coalesced: 40 producers, ~40 records per confirm
    } finally {
      clearInterval(confirmer);
    }
  });

  it('fails at once, for its own caller only, when the broker is down', async () => {
    const connection = Object.assign(new EventEmitter(), {
      confirmChannel: () => {
        throw new Error('not connected');
      },
    }) as unknown as AmqpConnection;
    const recorder = new TransmissionRecorder(new MessagePublisher(connection, { names: new TopologyNames('t'), publishTimeoutMs: 1_000, rpcTimeoutMs: 1_000 }));
    await expect(recorder.record(input(1))).rejects.toThrow('not connected');
    await expect(Promise.all([recorder.record(input(2)), recorder.record(input(3))])).rejects.toThrow('not connected');
  });
});
