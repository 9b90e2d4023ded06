import { Injectable } from '@nestjs/common';
import { TransmissionStatus } from '@hub/messaging-contracts';
import { TransmissionRecorder } from '@hub/messaging-nest';

export interface InboundDelivery {
  merchantId: string;
  /** Who sent it: `ultracart`, or `affiliates` for our own sign-up endpoint. */
  integration: string;
  /** `webhook` (a cart delivery) or `affiliate-signup`. */
  type: string;
  status: TransmissionStatus;
  description: string;
  httpStatus: number;
  startedAt: number;
  orderId?: string;
  customerEmail?: string;
  /** The body as received: the raw bytes when there are any (no re-serialisation), redacted on the way out. */
  requestBody: unknown;
  responseBody?: unknown;
}

/** Every delivery ingest answers becomes one inbound transmission record (one publish). */
@Injectable()
export class InboundRecorder {
  constructor(private readonly recorder: TransmissionRecorder) {}

  record(d: InboundDelivery): Promise<string> {
    return this.recorder.record({
      merchantId: d.merchantId,
      integration: d.integration,
      direction: 'inbound',
      type: d.type,
      status: d.status,
      description: d.description,
      orderId: d.orderId,
      customerEmail: d.customerEmail,
      requestBody: d.requestBody,
      responseBody: d.responseBody,
      httpStatus: d.httpStatus,
      durationMs: Date.now() - d.startedAt,
      attempt: 1,
    });
  }
}
