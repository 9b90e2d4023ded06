import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@hub/auth';
import { CONSUMERS } from '@hub/messaging-contracts';
import { ParkedMessage, ParkedMessages } from '@hub/messaging-nest';
import { NotFoundError, redactText } from '@hub/platform';
import { TransmissionWriter } from '../transmissions/transmission.writer';

export type ParkedCommand = Omit<ParkedMessage, 'body'> & { merchantId: string; orderId?: string; body: string };

export interface ReplayOutcome {
  messageId: string;
  service: string;
  routingKey: string;
  /** The transmission record that documents the replay. */
  recordId: string;
}

/** Parked commands of the caller's merchant, and their replay (recorded in the log). */
@Injectable()
export class ReplayService {
  constructor(
    private readonly parked: ParkedMessages,
    private readonly writer: TransmissionWriter,
  ) {}

  async list(merchantId: string, filter: { service?: string; orderId?: string; correlationId?: string } = {}): Promise<ParkedCommand[]> {
    const services = filter.service ? [this.known(filter.service)] : Object.keys(CONSUMERS);
    const found = await this.parked.list(services, (m) => {
      const about = aboutMessage(m.body);
      return about.merchantId === merchantId && (!filter.orderId || about.orderId === filter.orderId) && (!filter.correlationId || m.correlationId === filter.correlationId);
    });
    // Parked bodies are the commands as published: redact before they leave the service.
    return found.map((m) => ({ ...m, ...aboutMessage(m.body), merchantId, body: redactText(m.body) }));
  }

  async replay(principal: Principal & { merchantId: string }, service: string, messageId: string): Promise<ReplayOutcome> {
    const started = Date.now();
    const marker = `${new Date().toISOString()} token ${principal.tokenId}`;
    const m = await this.parked.replay(this.known(service), messageId, (p) => aboutMessage(p.body).merchantId === principal.merchantId, marker);
    if (!m) throw new NotFoundError('parked message');
    const recordId = randomUUID();
    await this.writer.write({
      id: recordId,
      merchantId: principal.merchantId,
      integration: 'hub',
      direction: 'outbound',
      type: 'replay',
      status: 'succeeded',
      description: `Replayed parked ${m.routingKey} into ${service} (was parked: ${m.errorCode ?? 'unknown'}${m.error ? ` — ${m.error}` : ''}) by ${principal.role} token ${principal.tokenId}`,
      orderId: aboutMessage(m.body).orderId,
      requestBody: m.body,
      durationMs: Date.now() - started,
      attempt: 1,
      correlationId: m.correlationId,
      occurredAt: new Date().toISOString(),
    });
    return { messageId: m.messageId, service, routingKey: m.routingKey, recordId };
  }

  private known(service: string): string {
    if (!Object.prototype.hasOwnProperty.call(CONSUMERS, service)) throw new NotFoundError(`service ${service}`);
    return service;
  }
}

/** Commands and events carry `merchantId` and usually an order id at the top level. */
function aboutMessage(body: string): { merchantId?: string; orderId?: string } {
  try {
    const v = JSON.parse(body) as Record<string, unknown>;
    const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
    const order = (v['order'] ?? {}) as Record<string, unknown>;
    return { merchantId: str(v['merchantId']), orderId: str(v['orderId']) ?? str(order['orderId']) };
  } catch {
    return {};
  }
}
