import { Injectable, Logger } from '@nestjs/common';
import {
  EnvelopeError,
  isPastPaymentStage,
  ORDER_STATE_EVENTS,
  OrderShapeError,
  parseWebhookEnvelope,
  toCanonicalOrder,
  UcOrder,
  WebhookEvent,
} from '@hub/domain';
import { OrderPlacedV1, RoutingKeys } from '@hub/messaging-contracts';
import { MessagePublisher, TransmissionRecorder } from '@hub/messaging-nest';
import { ValidationFailedError } from '@hub/platform';
import { DedupeStore } from './dedupe.store';

export type EventOutcome = 'published' | 'duplicate' | 'not_cascaded' | 'ignored' | 'rejected';

export interface WebhookReceipt {
  received: number;
  events: Array<{ index: number; event: string; outcome: EventOutcome; orderId?: string; reason?: string }>;
}

const ORDER_EVENTS = new Set<string>(ORDER_STATE_EVENTS);

/** An order cascades as *placed* once, whichever event first shows it past the payment stage. */
export function placedDedupeKey(merchantId: string, orderId: string): string {
  return `${merchantId}:order.placed:${orderId}`;
}

@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly publisher: MessagePublisher,
    private readonly recorder: TransmissionRecorder,
    private readonly dedupe: DedupeStore,
  ) {}

  /**
   * Publishes every event of the delivery that must cascade and resolves only when the broker has
   * confirmed each of them; any publish failure rejects (→ 503), and the cart redelivers.
   */
  async receive(merchantId: string, body: unknown): Promise<WebhookReceipt> {
    const started = Date.now();
    let events: WebhookEvent[];
    try {
      events = parseWebhookEnvelope(body);
    } catch (err) {
      if (err instanceof EnvelopeError) throw new ValidationFailedError([{ field: err.field, messages: [err.message] }], 'Malformed webhook envelope');
      throw err;
    }
    const receipt: WebhookReceipt = { received: events.length, events: [] };
    for (const event of events) receipt.events.push({ index: event.index, event: event.name, ...(await this.handle(merchantId, event)) });

    const orderIds = [...new Set(receipt.events.map((e) => e.orderId).filter(Boolean))];
    await this.recorder.record({
      merchantId,
      integration: 'ultracart',
      direction: 'inbound',
      type: 'webhook',
      status: receipt.events.some((e) => e.outcome === 'rejected') ? 'failed' : 'succeeded',
      description: summarize(receipt),
      orderId: orderIds.length === 1 ? orderIds[0] : undefined,
      requestBody: body,
      responseBody: receipt,
      httpStatus: 200,
      durationMs: Date.now() - started,
      attempt: 1,
    });
    return receipt;
  }

  private async handle(merchantId: string, event: WebhookEvent): Promise<{ outcome: EventOutcome; orderId?: string; reason?: string }> {
    if (!ORDER_EVENTS.has(event.name)) return { outcome: 'ignored', reason: 'event not cascaded yet' };
    const uc = event.resource as UcOrder;
    if (!isPastPaymentStage(uc.current_stage)) {
      return { outcome: 'not_cascaded', orderId: uc.order_id, reason: `stage ${uc.current_stage ?? 'unknown'} has not left the payment stage` };
    }
    let placed: OrderPlacedV1;
    try {
      placed = { merchantId, order: toCanonicalOrder(uc, merchantId) } as OrderPlacedV1;
    } catch (err) {
      if (err instanceof OrderShapeError) return { outcome: 'rejected', orderId: uc.order_id, reason: `events[${event.index}].${event.name}.${err.message}` };
      throw err;
    }
    const key = placedDedupeKey(merchantId, placed.order.orderId);
    if (await this.dedupe.seen(key)) return { outcome: 'duplicate', orderId: placed.order.orderId };
    // Publish first, remember second: a crash between the two republishes (downstream is
    // idempotent) rather than losing the order.
    await this.publisher.publish(RoutingKeys.cart.orderPlaced, placed, { messageId: key });
    await this.dedupe.remember(key);
    this.logger.log({ orderId: placed.order.orderId }, 'order placed published');
    return { outcome: 'published', orderId: placed.order.orderId };
  }
}

function summarize(r: WebhookReceipt): string {
  const counts = new Map<string, number>();
  for (const e of r.events) counts.set(e.outcome, (counts.get(e.outcome) ?? 0) + 1);
  return `${r.received} event(s): ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'none'}`;
}
