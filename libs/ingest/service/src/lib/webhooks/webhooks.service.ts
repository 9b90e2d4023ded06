import { Injectable } from '@nestjs/common';
import { SerializedBody } from '@hub/messaging-nest';
import { ErrorKind, HubError, ValidationFailedError } from '@hub/platform';
import { CartEventPublisher, EmitOutcome } from './cart-event-publisher.service';
import { InboundRecorder } from './inbound-recorder.service';
import { DeliveryProblem, TranslatedEvent } from './translation/delivery-translation';
import { DeliveryTranslator } from './translation/delivery-translator.service';

export type EventOutcome = 'published' | 'duplicate' | 'not_cascaded' | 'ignored' | 'rejected';

export interface EventReceipt {
  index: number;
  event: string;
  outcome: EventOutcome;
  resourceId?: string;
  orderId?: string;
  /** The routing keys this event was published under (new ones only). */
  published?: string[];
  reason?: string;
}

export interface WebhookReceipt {
  received: number;
  events: EventReceipt[];
}

@Injectable()
export class WebhooksService {
  constructor(
    private readonly translator: DeliveryTranslator,
    private readonly cartEvents: CartEventPublisher,
    private readonly inbound: InboundRecorder,
  ) {}

  /**
   * Turns every event of the delivery into canonical events and resolves only when the broker has
   * confirmed each new one; any publish failure rejects (→ 503), and the cart redelivers. A broken
   * event is rejected alone: the rest of its bundle is still accepted. Every delivery that passed
   * authentication is recorded, the malformed ones too.
   */
  async receive(merchantId: string, body: Buffer): Promise<WebhookReceipt> {
    const startedAt = Date.now();
    const t = await this.translator.translate(merchantId, body);
    const requestBody = new SerializedBody(Buffer.from(t.record.buffer, t.record.byteOffset, t.record.byteLength));
    const delivery = { merchantId, integration: 'ultracart', type: 'webhook', startedAt, requestBody };
    if (!t.ok) {
      const problem = toError(t.problem);
      await this.inbound.record({ ...delivery, status: 'failed', description: problem.message, httpStatus: 400 });
      throw problem;
    }

    const events = t.events;
    const receiptFor = (outcomes: EmitOutcome[]): WebhookReceipt => {
      let next = 0;
      return { received: events.length, events: events.map((e) => toReceipt(e, outcomes.slice(next, (next += e.emits.length)))) };
    };
    // Recorded once every new event is confirmed, while the dedupe keys are being remembered.
    const outcomes = await this.cartEvents.publishOnce(
      events.flatMap((e) => e.emits),
      (confirmed) => {
        const receipt = receiptFor(confirmed);
        const orderIds = new Set(receipt.events.map((e) => e.orderId).filter(Boolean));
        return this.inbound.record({
          ...delivery,
          status: receipt.events.some((e) => e.outcome === 'rejected') ? 'failed' : 'succeeded',
          description: summarize(receipt),
          orderId: orderIds.size === 1 ? [...orderIds][0] : undefined,
          responseBody: receipt,
          httpStatus: 200,
        });
      },
    );
    return receiptFor(outcomes);
  }
}

function toError(problem: DeliveryProblem): HubError {
  return problem.code === 'MALFORMED_BODY'
    ? new HubError('MALFORMED_BODY', problem.message, ErrorKind.Invalid)
    : new ValidationFailedError([{ field: problem.field, messages: [problem.message] }], 'Malformed webhook envelope');
}

function toReceipt(e: TranslatedEvent, outcomes: EmitOutcome[]): EventReceipt {
  const about = { index: e.index, event: e.name, resourceId: e.resourceId, orderId: e.orderId };
  if (e.outcome !== 'cascade') return { ...about, outcome: e.outcome, reason: e.reason };
  const published = e.emits.filter((_, i) => outcomes[i] === 'published').map((x) => x.routingKey);
  return published.length ? { ...about, outcome: 'published', published } : { ...about, outcome: 'duplicate' };
}

function summarize(r: WebhookReceipt): string {
  const counts = new Map<string, number>();
  for (const e of r.events) counts.set(e.outcome, (counts.get(e.outcome) ?? 0) + 1);
  return `${r.received} event(s): ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`;
}
