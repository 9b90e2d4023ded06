import { randomUUID } from 'node:crypto';
import { RoutingKeys, TransmissionDetailV1, TransmissionPageV1, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { AmqpConnection, ParkedMessage, ParkedMessages, TopologyNames, TransmissionRecorder } from '@hub/messaging-nest';
import { withCorrelation } from '@hub/platform';
import { waitFor } from '@hub/testing';
import { AuditHarness, record } from './audit-harness';

const S1 = 'support-m1';
const names = new TopologyNames('hub');

describe('audit-log: transmission records in batch messages, over the real RabbitMQ and PostgreSQL', () => {
  let h: AuditHarness;
  let parked: ParkedMessages;
  const list = (query: string) => h.get<TransmissionPageV1>(`/transmissions?${query}&limit=200`, S1);
  const stored = (query: string, n: number) =>
    waitFor(async () => {
      const { body } = await list(query);
      return body.items?.length === n ? body.items : undefined;
    }, { what: `${n} record(s) for ${query}` });

  /** audit-log's parked messages whose id starts with `prefix` (read without taking them). */
  const parkedFrom = (prefix: string, n: number) =>
    waitFor(async () => {
      const ms = await parked.list(['audit-log'], (m) => m.messageId.startsWith(prefix));
      return ms.length >= n ? ms : undefined;
    }, { what: `${n} parked message(s) ${prefix}…` });

  beforeAll(async () => {
    h = await AuditHarness.start('auditbatch', { AUDIT_RETENTION_DAYS: 30 });
    parked = new ParkedMessages(h.app.get(AmqpConnection), names, h.publisher);
  }, 60_000);

  afterAll(() => h?.stop());

  it('stores every record of many concurrent callers of the real recorder, coalesced into batch messages, each caller resolved with its own stored id', async () => {
    // A spy on the batch key: the records really travelled together.
    const spy = await h.app.get(AmqpConnection).model$().createChannel();
    const { queue } = await spy.assertQueue('', { exclusive: true });
    await spy.bindQueue(queue, names.exchange, RoutingKeys.audit.transmissionBatchRecorded);
    const recorder = new TransmissionRecorder(h.publisher, { maxRecords: 25, maxBytes: 256 * 1024 });
    const callers = Array.from({ length: 30 }, (_, c) =>
      withCorrelation(`corr-batch-${c}`, async () => {
        const ids: string[] = [];
        for (let i = 0; i < 4; i++) {
          ids.push(
            await recorder.record({
              merchantId: 'M1',
              integration: 'infusionsoft',
              direction: 'outbound',
              type: 'order',
              status: 'succeeded',
              description: `call ${i} of caller ${c}`,
              orderId: 'BATCH-1',
              requestBody: `<methodCall><param>${c}-${i}</param><card>4111111111111111</card></methodCall>`,
              durationMs: 3,
              attempt: 1,
            }),
          );
        }
        return ids;
      }),
    );
    const ids = (await Promise.all(callers)).flat();
    const items = await stored('orderId=BATCH-1', 120);
    expect(new Set(items.map((i) => i.id))).toEqual(new Set(ids));
    expect(new Set(items.map((i) => i.correlationId)).size).toBe(30);
    const batch = await waitFor(() => spy.get(queue, { noAck: true }), { what: 'a batch message on the spy queue' });
    expect(batch.properties.contentEncoding).toBe('br'); // compressed, as the single form above 4 kB
    const detail = await h.get<TransmissionDetailV1>(`/transmissions/${ids[5]}`, S1);
    expect(detail.body.requestBody).toMatch(/<card>\*+1111<\/card>/);
    await spy.close();
  });

  it('stores the good records of a batch, redacted on arrival, and parks each bad one alone with its field errors; the batch itself is not parked', async () => {
    const good = [
      record({ orderId: 'MIX-1', description: 'first' }),
      record({ orderId: 'MIX-1', description: 'second', requestBody: 'ccnumber=4111111111111111&key=SECRET-KEY' }),
      record({ orderId: 'MIX-1', description: 'third' }),
    ];
    const wrongDirection = { ...record({ orderId: 'MIX-1' }), direction: 'sideways' };
    const noId = { ...record({ orderId: 'MIX-1' }), id: 'not-a-uuid', attempt: 0 };
    const batchId = randomUUID();
    await h.publisher.publish(RoutingKeys.audit.transmissionBatchRecorded, { records: [good[0], wrongDirection, good[1], 'not a record', noId, good[2]] }, { messageId: batchId });
    const items = await stored('orderId=MIX-1', 3);
    expect(items.map((i) => i.id).sort()).toEqual(good.map((g) => g.id).sort());
    const { text } = await h.get(`/transmissions/${good[1].id}`, S1);
    expect(text).not.toContain('4111111111111111');
    expect(text).not.toContain('SECRET-KEY');

    const items3 = await parkedFrom(`${batchId}:`, 3);
    expect(items3.map((m) => m.messageId).sort()).toEqual([`${batchId}:1`, `${batchId}:3`, `${batchId}:4`]);
    const byId = new Map<string, ParkedMessage>(items3.map((m) => [m.messageId, m]));
    for (const m of items3) expect(m).toMatchObject({ routingKey: RoutingKeys.audit.transmissionRecorded, errorCode: 'VALIDATION_FAILED' });
    // Each parked message is the bad record alone, in the single form (replayable as such).
    expect(JSON.parse(byId.get(`${batchId}:1`)?.body ?? '')).toEqual(wrongDirection);
    expect(byId.get(`${batchId}:1`)?.error).toMatch(/direction/);
    expect(byId.get(`${batchId}:3`)?.error).toMatch(/must be an object/);
    expect(byId.get(`${batchId}:4`)?.error).toMatch(/id.*attempt|attempt.*id/);
    // The batch message itself was handled (acknowledged), not parked or retried.
    expect(await parked.list(['audit-log'], (m) => m.messageId === batchId)).toHaveLength(0);
  });

  it('parks a batch whose envelope is wrong as a whole, and stores nothing of it', async () => {
    const batchId = randomUUID();
    await h.publisher.publish(RoutingKeys.audit.transmissionBatchRecorded, { records: [] }, { messageId: batchId });
    const tooMany = Array.from({ length: 1_001 }, () => record({ orderId: 'TOO-MANY' }));
    const tooManyId = randomUUID();
    await h.publisher.publish(RoutingKeys.audit.transmissionBatchRecorded, { records: tooMany }, { messageId: tooManyId, compress: true });
    const whole = [...(await parkedFrom(batchId, 1)), ...(await parkedFrom(tooManyId, 1))];
    expect(whole.map((m) => m.messageId).sort()).toEqual([batchId, tooManyId].sort());
    for (const m of whole) expect(m).toMatchObject({ routingKey: RoutingKeys.audit.transmissionBatchRecorded, errorCode: 'VALIDATION_FAILED' });
    expect((await list('orderId=TOO-MANY')).body.items).toHaveLength(0);
  });

  it('still stores a record published alone in the single form (messages already on a broker)', async () => {
    const r: TransmissionRecordedV1 = record({ orderId: 'SINGLE-1' });
    await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, r);
    const [item] = await stored('orderId=SINGLE-1', 1);
    expect(item.id).toBe(r.id);
  });
});
