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

/**
 * Publishes one transmission record (what we sent or received, and what came back) for the
 * audit log. Bodies are redacted here, before they leave the process; audit-log redacts again.
 */
export class TransmissionRecorder {
  constructor(private readonly publisher: MessagePublisher) {}

  async record(input: TransmissionInput): Promise<string> {
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
    const content = prepared ? withRequestBody(record, prepared) : Buffer.from(JSON.stringify(record));
    // Records carry whole bodies (webhook deliveries, XML exchanges): compressed, they cost the broker a tenth.
    await this.publisher.publishSerialized(RoutingKeys.audit.transmissionRecorded, content, { messageId: id, compress: true });
    return id;
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
