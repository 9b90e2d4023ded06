import { randomUUID } from 'node:crypto';
import { RoutingKeys, TransmissionRecordedV1, TransmissionStatus } from '@hub/messaging-contracts';
import { currentCorrelationId, recordableBody } from '@hub/platform';
import { OutboxMessage } from '../outbox/outbox';

export interface InboundCall {
  merchantId: string;
  /** `import-order`, `cancel-order`, `stage-change`, `catalog-upload`. */
  type: string;
  status: TransmissionStatus;
  description: string;
  orderId?: string;
  customerEmail?: string;
  /** Already card-safe (cardSafeOrder/cardSafeCredentials); redacted once more on the way out. */
  requestBody: unknown;
  responseBody: unknown;
  httpStatus: number;
  startedAt: number;
  method: string;
  url: string;
}

/**
 * The transmission record of one call a channel partner made, as an outbox message: it is
 * published with the order it describes (same transaction), or alone for a refused request.
 */
export function transmissionRecord(c: InboundCall): OutboxMessage {
  const id = randomUUID();
  const record: TransmissionRecordedV1 = {
    id,
    merchantId: c.merchantId,
    integration: 'channel-partner',
    direction: 'inbound',
    type: c.type,
    status: c.status,
    description: c.description,
    orderId: c.orderId,
    customerEmail: c.customerEmail,
    method: c.method,
    url: c.url,
    requestBody: recordableBody(c.requestBody),
    responseBody: recordableBody(c.responseBody),
    httpStatus: c.httpStatus,
    durationMs: Math.max(0, Date.now() - c.startedAt),
    attempt: 1,
    correlationId: currentCorrelationId(),
    occurredAt: new Date().toISOString(),
  };
  return { routingKey: RoutingKeys.audit.transmissionRecorded, payload: record, messageId: id };
}
