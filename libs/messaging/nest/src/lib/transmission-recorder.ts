import { randomUUID } from 'node:crypto';
import { RoutingKeys, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { currentCorrelationId, redactText } from '@hub/platform';
import { MessagePublisher } from './message-publisher';

/** Bodies beyond this are cut (and say so): the log is for reading, not for archiving payloads. */
export const MAX_RECORDED_BODY = 256 * 1024;

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
    const record: TransmissionRecordedV1 = {
      ...input,
      id,
      occurredAt: (input.occurredAt ?? new Date()).toISOString(),
      correlationId: currentCorrelationId(),
      requestBody: bodyText(input.requestBody),
      responseBody: bodyText(input.responseBody),
    };
    await this.publisher.publish(RoutingKeys.audit.transmissionRecorded, record, { messageId: id });
    return id;
  }
}

export function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
  const redacted = redactText(text);
  return redacted.length > MAX_RECORDED_BODY ? `${redacted.slice(0, MAX_RECORDED_BODY)}…[truncated ${redacted.length - MAX_RECORDED_BODY} chars]` : redacted;
}
