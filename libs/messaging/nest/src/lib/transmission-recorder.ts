import { randomUUID } from 'node:crypto';
import { RoutingKeys, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { currentCorrelationId, MAX_RECORDED_BODY, recordableBody } from '@hub/platform';
import { MessagePublisher } from './message-publisher';

export { MAX_RECORDED_BODY };

/**
 * A request body already made recordable (redacted, cut) and serialised as a JSON string literal —
 * by a worker thread, say — so the event loop neither redacts nor escapes it again.
 */
export class SerializedBody {
  constructor(readonly json: Buffer) {}

  static of(body: unknown): SerializedBody {
    return new SerializedBody(Buffer.from(JSON.stringify(recordableBody(body) ?? null)));
  }
}

export type TransmissionInput = Omit<TransmissionRecordedV1, 'id' | 'occurredAt' | 'correlationId' | 'requestBody' | 'responseBody'> & {
  requestBody?: unknown;
  responseBody?: unknown;
  occurredAt?: Date;
};

/** How many records, and how many bytes of their JSON, one message carries at most. */
export interface RecordBatchLimits {
  maxRecords: number;
  maxBytes: number;
}

/** The defaults of AmqpConfig's AMQP_RECORD_BATCH_RECORDS / AMQP_RECORD_BATCH_BYTES. */
export const DEFAULT_RECORD_BATCH_LIMITS: RecordBatchLimits = { maxRecords: 100, maxBytes: 256 * 1024 };

interface Waiting {
  id: string;
  json: Buffer;
  correlationId?: string;
  resolve(id: string): void;
  reject(err: unknown): void;
}

const OPEN = Buffer.from('{"records":[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');
/** An empty batch's bytes: the envelope (each record then adds its JSON and a comma). */
const ENVELOPE_BYTES = OPEN.length + CLOSE.length;

/**
 * Publishes transmission records (what we sent or received, and what came back) for the audit
 * log. Bodies are redacted here, before they leave the process; audit-log redacts again.
 *
 * Group commit: a record made while no publish of this recorder awaits the broker goes out at once,
 * alone (`audit.transmission.recorded.v1`). Records made while one does wait, and travel together as
 * one `audit.transmission.recorded-batch.v1` message when that confirm arrives, or as soon as they
 * reach the record or byte cap. No timer: at low load a record is never held back. `record()`
 * resolves only once the broker confirmed the message carrying its record, and rejects with the
 * publish's error otherwise, so a caller that acknowledges its own input afterwards loses nothing.
 */
export class TransmissionRecorder {
  private gathering: Waiting[] = [];
  private gatheredBytes = ENVELOPE_BYTES;
  private inFlight = 0;

  constructor(
    private readonly publisher: MessagePublisher,
    private readonly limits: RecordBatchLimits = DEFAULT_RECORD_BATCH_LIMITS,
  ) {}

  record(input: TransmissionInput): Promise<string> {
    const id = randomUUID();
    const prepared = input.requestBody instanceof SerializedBody ? input.requestBody : undefined;
    const record: TransmissionRecordedV1 = {
      ...input,
      id,
      occurredAt: (input.occurredAt ?? new Date()).toISOString(),
      correlationId: currentCorrelationId(),
      requestBody: prepared ? undefined : bodyText(input.requestBody),
      responseBody: bodyText(input.responseBody),
    };
    const json = prepared ? withRequestBody(record, prepared) : Buffer.from(JSON.stringify(record));
    return new Promise<string>((resolve, reject) => this.enqueue({ id, json, correlationId: record.correlationId, resolve, reject }));
  }

  private enqueue(w: Waiting): void {
    const bytes = w.json.length + COMMA.length;
    if (this.gathering.length && this.gatheredBytes + bytes > this.limits.maxBytes) this.send();
    this.gathering.push(w);
    this.gatheredBytes += bytes;
    // Idle: nothing to wait for. Full: waiting cannot make it any bigger.
    if (this.inFlight === 0 || this.gathering.length >= this.limits.maxRecords || this.gatheredBytes >= this.limits.maxBytes) this.send();
  }

  private send(): void {
    const group = this.gathering;
    if (!group.length) return;
    this.gathering = [];
    this.gatheredBytes = ENVELOPE_BYTES;
    this.inFlight++;
    this.publish(group).then(
      () => {
        for (const w of group) w.resolve(w.id);
      },
      (err: unknown) => {
        // Every caller whose record travelled in this message learns it was not confirmed.
        for (const w of group) w.reject(err);
      },
    ).finally(() => {
      this.inFlight--;
      // The confirm (or failure) came back: what gathered meanwhile goes now, as one message.
      if (this.inFlight === 0) this.send();
    });
  }

  private async publish(group: Waiting[]): Promise<void> {
    // Records carry whole bodies (webhook deliveries, XML exchanges): compressed, they cost the broker a tenth.
    if (group.length === 1) {
      const [w] = group;
      return this.publisher.publishSerialized(RoutingKeys.audit.transmissionRecorded, w.json, { messageId: w.id, correlationId: w.correlationId ?? w.id, compress: true });
    }
    const parts: Buffer[] = [OPEN];
    group.forEach((w, i) => parts.push(...(i ? [COMMA, w.json] : [w.json])));
    parts.push(CLOSE);
    const messageId = randomUUID();
    return this.publisher.publishSerialized(RoutingKeys.audit.transmissionBatchRecorded, Buffer.concat(parts), { messageId, correlationId: messageId, compress: true });
  }
}

/** The record's JSON with the prepared body spliced in as `requestBody` (no re-escaping). */
function withRequestBody(record: TransmissionRecordedV1, body: SerializedBody): Buffer {
  const head = JSON.stringify(record);
  return Buffer.concat([Buffer.from(`${head.slice(0, -1)},"requestBody":`), body.json, Buffer.from('}')]);
}

export function bodyText(body: unknown): string | undefined {
  return recordableBody(body);
}
