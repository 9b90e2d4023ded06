/**
 * The audit pipeline's CPU per record, in one process and without the broker or PostgreSQL:
 * the publishing side (generate a record, TransmissionRecorder's redaction, JSON and brotli) and
 * the consuming side (brotli, JSON.parse, the contract check of each record, redaction again,
 * rows, COPY text). For profiling (`node --cpu-prof`) and quick A/B of either side's code.
 *
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/audit/pipeline.profile.ts [--records N] [--rounds R] [--only publish|consume]
 */
import 'reflect-metadata';
import { validateSync } from 'class-validator';
// A profile of the consumer's own code: the service lib itself, which benches otherwise leave alone.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { toCopyBuffer, toRows } from '@hub/audit';
import { decodeWireContent, encodeWireContent, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { MessagePublisher, TransmissionRecorder } from '@hub/messaging-nest';
// Not in the library's index: the transport's own helper.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { contractInstance } from '../../../libs/messaging/nest/src/lib/contract-instance';
import { redactText, withCorrelation } from '@hub/platform';
import { correlationOf, generate } from './records';
import { numberFlag } from './args';

const RECORDS = numberFlag('records', 20_000);
const ROUNDS = numberFlag('rounds', 5);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

/** Takes what the recorder publishes (its compressed batches), confirming at once. */
class CapturingPublisher {
  readonly messages: Array<{ content: Buffer; contentEncoding?: string }> = [];
  async publishSerialized(_key: string, content: Buffer, options: { compress?: boolean } = {}): Promise<void> {
    const encoded = options.compress ? await encodeWireContent(content) : { content };
    this.messages.push(encoded);
  }
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function publish(): Promise<CapturingPublisher> {
  const publisher = new CapturingPublisher();
  const recorder = new TransmissionRecorder(publisher as unknown as MessagePublisher, { maxRecords: 25, maxBytes: 256 * 1024 });
  // 25 callers, as the bench's recorders gather about 25 records per message.
  let next = 0;
  const producer = async () => {
    for (let i = next++; i < RECORDS; i = next++) {
      const g = generate(i, RECORDS, 30, 50);
      await withCorrelation(correlationOf(g.orderId), () => recorder.record(g.input));
    }
  };
  await Promise.all(Array.from({ length: 50 }, producer));
  return publisher;
}

function consume(messages: Array<{ content: Buffer; contentEncoding?: string }>): number {
  let rows = 0;
  for (const m of messages) {
    const body = JSON.parse(decodeWireContent(m.content, m.contentEncoding).toString('utf8')) as { records?: unknown[] };
    const items = body.records ?? [body];
    const valid: TransmissionRecordedV1[] = [];
    for (const item of items) {
      const instance = contractInstance(TransmissionRecordedV1, item as object);
      if (validateSync(instance, { forbidUnknownValues: true }).length) throw new Error('invalid');
      valid.push(instance as TransmissionRecordedV1);
    }
    for (const r of valid) if (Number.isNaN(Date.parse(r.occurredAt))) throw new Error('date');
    rows += toCopyBuffer(toRows(valid, redactText)).length;
  }
  return rows;
}

async function main(): Promise<void> {
  let messages = (await publish()).messages;
  for (let round = 0; round < ROUNDS; round++) {
    if (only !== 'consume') {
      const a = cpu();
      messages = (await publish()).messages;
      console.log(`publish: ${(((cpu() - a) * 1000) / RECORDS).toFixed(1)} µs per record (${messages.length} messages)`);
    }
    if (only !== 'publish') {
      const a = cpu();
      consume(messages);
      console.log(`consume: ${(((cpu() - a) * 1000) / RECORDS).toFixed(1)} µs per record`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
