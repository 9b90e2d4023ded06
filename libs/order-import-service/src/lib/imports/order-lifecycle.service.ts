import { Injectable } from '@nestjs/common';
import { isPastPaymentStage } from '@hub/domain';
import { cardSafeCredentials, checkCredentials, decideCancel, ImportProblem, MOVABLE_STAGES } from '@hub/order-import';
import { ChannelPartnersService } from '../channel-partners/channel-partners.service';
import { enqueue, OutboxMessage } from '../outbox/outbox';
import { placedMessage, rejectedMessage } from './cascade';
import { ImportService } from './import.service';
import { Outcome } from './import-outcome';
import { OrdersSql, StoredOrder } from './orders.store';
import { transmissionRecord } from './transmission';

export type OrderRef = { by: 'channelPartnerOrderId' | 'orderId'; id: string };

interface Call {
  credentials: Record<string, unknown>;
  method: string;
  url: string;
}

/**
 * What happens to an imported order afterwards: cancelled by the partner (the stage rules of
 * reference C.4), or moved on from Accounts Receivable — which is when it cascades to the CRMs.
 */
@Injectable()
export class OrderLifecycleService {
  constructor(
    private readonly partners: ChannelPartnersService,
    private readonly imports: ImportService,
  ) {}

  cancel(ref: OrderRef, call: Call): Promise<Outcome> {
    return this.change(ref, call, 'cancel-order', (order) => this.reject(order, ref, 'cancelled by the channel partner'));
  }

  /** Moves an order on (Accounts Receivable → Shipping Department / Completed Order) or rejects it. */
  moveStage(ref: OrderRef, stage: string, call: Call): Promise<Outcome> {
    return this.change(ref, call, 'stage-change', (order) => {
      if (!(MOVABLE_STAGES as readonly string[]).includes(stage)) {
        return { outcome: this.fail(400, ref, `stage must be one of: ${MOVABLE_STAGES.join(', ')}`, order, 'stage'), messages: [] };
      }
      if (stage === 'Rejected') return this.reject(order, ref, 'rejected');
      if (order.stage === 'Rejected' || order.stage === 'Completed Order') return { outcome: this.fail(409, ref, `an order in ${order.stage} cannot move to ${stage}`, order, 'stage'), messages: [] };
      const moved = { ...order.canonical_order, stage };
      // The first time an order is past payment it cascades; later moves do not sell it again.
      const placed = !order.placed_published && isPastPaymentStage(stage) ? placedMessage(moved) : undefined;
      return {
        outcome: { httpStatus: 200, success: true, orderId: order.order_id, stage, errors: [], warnings: [] },
        stage,
        paymentStatus: order.payment_status === 'Unprocessed' || order.payment_status === 'Declined' ? 'Processed' : undefined,
        order: moved,
        placed: order.placed_published || placed !== undefined,
        messages: placed ? [placed] : [],
      };
    });
  }

  /** The cancel rules of reference C.4 decide; a rejected order tells the CRMs (`cart.order.rejected.v1`). */
  private reject(order: StoredOrder, ref: OrderRef, reason: string): Change {
    const decision = decideCancel(order.stage, order.shipped);
    if (!decision.cancel) return { outcome: this.fail(409, ref, decision.error, order), messages: [] };
    return {
      outcome: { httpStatus: 200, success: true, orderId: order.order_id, stage: 'Rejected', errors: [], warnings: [] },
      stage: 'Rejected',
      messages: [rejectedMessage(order.canonical_order, reason)],
    };
  }

  private async change(ref: OrderRef, call: Call, type: string, decide: (order: StoredOrder) => Change): Promise<Outcome> {
    const startedAt = Date.now();
    const creds = checkCredentials(call.credentials);
    if (creds.problems.length) return { httpStatus: 400, success: false, errors: creds.problems, warnings: [] };
    const { merchantId, channelPartnerCode, channelPartnerPassword } = creds.credentials;
    await this.partners.verify(merchantId, channelPartnerCode, channelPartnerPassword);
    return this.imports.commit(async (tx) => {
      const order = ref.by === 'orderId' ? await OrdersSql.byOrderId(tx, merchantId, ref.id, true) : await OrdersSql.byChannelPartnerOrderId(tx, merchantId, ref.id, true);
      const change: Change = order ? decide(order) : { outcome: this.fail(404, ref, 'no such order'), messages: [] };
      if (order && change.stage) await OrdersSql.setStage(tx, order.order_id, change.stage, change.placed ?? order.placed_published, change.paymentStatus, change.order);
      const o = change.outcome;
      await enqueue(tx, [
        ...change.messages,
        transmissionRecord({
          merchantId,
          type,
          status: o.success ? 'succeeded' : 'failed',
          description: o.success ? `${type} ${o.orderId}: now ${o.stage}` : `${type} ${ref.id} refused: ${o.errors.map((e) => e.message).join('; ')}`,
          orderId: order?.order_id,
          customerEmail: order?.customer_email ?? undefined,
          requestBody: { credentials: cardSafeCredentials(call.credentials), [ref.by]: ref.id },
          responseBody: { success: o.success, orderId: o.orderId, stage: o.stage, errors: o.errors },
          httpStatus: o.httpStatus,
          startedAt,
          method: call.method,
          url: call.url,
        }),
      ]);
      return o;
    });
  }

  private fail(httpStatus: number, ref: OrderRef, message: string, order?: StoredOrder, field?: string): Outcome {
    const error: ImportProblem = { field: field ?? (ref.by === 'orderId' ? 'orderId' : 'channelPartnerOrderId'), message };
    return { httpStatus, success: false, orderId: order?.order_id, stage: order?.stage, errors: [error], warnings: [], aboutCall: true };
  }
}

interface Change {
  outcome: Outcome;
  messages: OutboxMessage[];
  stage?: string;
  paymentStatus?: string;
  placed?: boolean;
  order?: StoredOrder['canonical_order'];
}
