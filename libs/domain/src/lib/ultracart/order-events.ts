import { cartEvent, CartEventEmit, OrderPaymentFailed, OrderRefunded, OrderShipped, RefundLine } from '../cart-events';
import { changeMarker, dedupeKey } from '../dedupe-key';
import { isPastPaymentStage } from '../order';
import { cascadeOrExplain, EventTranslation } from './event-translation';
import { orderCurrency, orderEmail, requireOrderId, toCanonicalOrder } from './to-canonical-order';
import { UcCurrency, UcOrder, UcPaymentTransaction } from './ultracart-order';
import { amountOf, latest } from './uc-values';

/** Every order event the hub takes (reference C.2). */
export const ORDER_EVENTS = [
  'order_create',
  'order_stage_change',
  'order_payment_process',
  'order_update',
  'order_ship',
  'order_refund',
  'order_payment_failed',
  'order_reject',
  'order_delete',
] as const;
export type OrderEventName = (typeof ORDER_EVENTS)[number];

/**
 * Order events whose resource shows where the order stands, so any of them can reveal that it has
 * left the payment stage. A refund does not: it may come long after the placed key expired, and
 * must not make an old order look new.
 */
export const ORDER_STATE_EVENTS: readonly OrderEventName[] = ['order_create', 'order_stage_change', 'order_payment_process', 'order_update', 'order_ship'];

/** An order is *placed* once, whichever event reveals it: the key has no change marker. */
export function placedDedupeKey(merchantId: string, orderId: string): string {
  return dedupeKey(merchantId, 'order.placed', orderId);
}

/**
 * Past the payment stage now, or on its way through it: an order already moved on from Shipping
 * Department (to Hold, say) was paid all the same. A rejected order never counts.
 */
export function hasLeftPaymentStage(uc: UcOrder): boolean {
  if (isPastPaymentStage(uc.current_stage)) return true;
  if (uc.current_stage === 'Rejected') return false;
  return (uc.current_stage_histories ?? []).some((h) => isPastPaymentStage(h.after_stage));
}

export function translateOrderEvent(name: OrderEventName, uc: UcOrder, merchantId: string): EventTranslation {
  const orderId = requireOrderId(uc);
  const emits: CartEventEmit[] = [];
  let reason = `stage ${uc.current_stage ?? 'unknown'} has not left the payment stage`;
  if (ORDER_STATE_EVENTS.includes(name) && hasLeftPaymentStage(uc)) {
    emits.push(cartEvent('order.placed', placedDedupeKey(merchantId, orderId), { merchantId, order: toCanonicalOrder(uc, merchantId) }, 'order-lifetime'));
  }
  switch (name) {
    case 'order_ship':
      emits.push(orderShipped(uc, orderId, merchantId));
      break;
    case 'order_refund': {
      const refund = orderRefunded(uc, orderId, merchantId);
      if (refund) emits.push(refund);
      else reason = 'nothing has been refunded on this order';
      break;
    }
    case 'order_payment_failed':
      emits.push(orderPaymentFailed(uc, orderId, merchantId));
      break;
    case 'order_reject': {
      const payload = { merchantId, orderId, customerEmail: orderEmail(uc), rejectedAt: uc.reject_dts, reason: uc.reject_reason };
      emits.push(cartEvent('order.rejected', dedupeKey(merchantId, 'order.rejected', orderId, changeMarker([payload.rejectedAt, payload.reason])), payload));
      break;
    }
    case 'order_delete':
      emits.push(cartEvent('order.deleted', dedupeKey(merchantId, 'order.deleted', orderId), { merchantId, orderId }));
      break;
    default:
      break;
  }
  return cascadeOrExplain(emits, reason, { resourceId: orderId, orderId });
}

function orderShipped(uc: UcOrder, orderId: string, merchantId: string): CartEventEmit<'order.shipped'> {
  const shipping = uc.shipping ?? {};
  const details = shipping.tracking_number_details ?? [];
  const trackingNumbers = [...new Set([...(shipping.tracking_numbers ?? []), ...details.map((d) => d.tracking_number)].filter((t): t is string => !!t))];
  const payload: OrderShipped = {
    merchantId,
    orderId,
    customerEmail: orderEmail(uc),
    shippedAt: shipping.shipping_date ?? latest([...details.map((d) => d.shipped_date), ...(uc.items ?? []).map((i) => i.shipped_dts)]),
    shippingMethod: shipping.shipping_method,
    trackingNumbers,
    expectedDeliveryAt: shipping.delivery_date ?? latest(details.map((d) => d.expected_delivery_date)),
  };
  // A second shipment of the same order (a split or a reship) brings new tracking numbers.
  const marker = changeMarker([payload.shippedAt, [...trackingNumbers].sort()]);
  return cartEvent('order.shipped', dedupeKey(merchantId, 'order.shipped', orderId, marker), payload);
}

/**
 * Full or partial, with what was refunded per item. UltraCart keeps running totals, so the change
 * marker is the refund state itself: a later partial refund changes the totals and is a new event.
 */
function orderRefunded(uc: UcOrder, orderId: string, merchantId: string): CartEventEmit<'order.refunded'> | undefined {
  const currency = orderCurrency(uc);
  const amount = (c: UcCurrency | undefined) => amountOf(c, currency);
  const lines: RefundLine[] = (uc.items ?? [])
    .filter((i) => !i.kit_component && ((i.quantity_refunded ?? 0) > 0 || (i.total_refunded?.value ?? 0) > 0))
    .map((i, n) => ({
      itemId: i.merchant_item_id ?? `item ${n + 1}`,
      quantityRefunded: i.quantity_refunded ?? 0,
      amountRefunded: amount(i.total_refunded),
      reason: i.refund_reason,
    }));
  const summary = uc.summary ?? {};
  const orderTotal = amount(summary.total);
  const lineSum = lines.reduce((sum, l) => sum + l.amountRefunded.minor, 0);
  let total = summary.total_refunded?.value !== undefined ? amount(summary.total_refunded) : { minor: lineSum, currency };
  const statusRefunded = uc.payment?.payment_status === 'Refunded';
  // Without the summary expansion a refunded payment is all we know: the whole order came back.
  if (total.minor === 0 && statusRefunded) total = orderTotal;
  if (total.minor === 0 && !lines.length) return undefined;
  const full = orderTotal.minor > 0 ? total.minor >= orderTotal.minor : statusRefunded;
  const payload: OrderRefunded = {
    merchantId,
    orderId,
    customerEmail: orderEmail(uc),
    kind: full ? 'full' : 'partial',
    refundedAt: uc.refund_dts,
    reason: uc.refund_reason,
    currency,
    orderTotal,
    refunded: { total, subtotal: amount(summary.subtotal_refunded), tax: amount(summary.tax_refunded), shippingHandling: amount(summary.shipping_handling_refunded) },
    lines,
  };
  const marker = changeMarker([payload.refundedAt, total.minor, lines.map((l) => [l.itemId, l.quantityRefunded, l.amountRefunded.minor])]);
  return cartEvent('order.refunded', dedupeKey(merchantId, 'order.refunded', orderId, marker), payload);
}

/** A declined card or a failed capture; each new attempt adds a transaction, which is the change marker. */
function orderPaymentFailed(uc: UcOrder, orderId: string, merchantId: string): CartEventEmit<'order.payment-failed'> {
  const payment = uc.payment ?? {};
  const transactions = payment.transactions ?? [];
  const failed = [...transactions].reverse().find((t) => t.successful === false);
  const payload: OrderPaymentFailed = {
    merchantId,
    orderId,
    customerEmail: orderEmail(uc),
    stage: uc.current_stage ?? 'Unknown',
    paymentMethod: payment.payment_method,
    paymentStatus: payment.payment_status,
    cardDeclined: payment.payment_method === 'Credit Card' && payment.payment_status !== 'Capture Failed',
    reason: failureReason(failed),
    failedAt: failed?.transaction_timestamp ?? payment.payment_dts,
    total: amountOf(uc.summary?.total, orderCurrency(uc)),
  };
  const marker = changeMarker([payload.paymentStatus, payload.failedAt, transactions.length, failed?.transaction_id]);
  return cartEvent('order.payment-failed', dedupeKey(merchantId, 'order.payment-failed', orderId, marker), payload);
}

/**
 * The gateway's words for a failed transaction. Detail names differ per gateway [UNCONFIRMED], so
 * the first detail whose name speaks of a reason, message or response is taken.
 */
function failureReason(t: UcPaymentTransaction | undefined): string | undefined {
  return t?.details?.find((d) => d.value && /reason|message|response|error/i.test(d.name ?? ''))?.value;
}
