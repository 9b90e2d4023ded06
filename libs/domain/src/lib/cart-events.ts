import { Money } from './money';
import { Order, OrderLine } from './order';

/**
 * The canonical events the hub takes from the cart, whatever shape the cart sent them in. The
 * contracts lib gives each a routing key (`cart.<aggregate>.<event>.v1`) and a validated class.
 */

export interface OrderPlaced {
  merchantId: string;
  order: Order;
}

export interface RefundLine {
  itemId: string;
  quantityRefunded: number;
  amountRefunded: Money;
  reason?: string;
}

export interface RefundedAmounts {
  total: Money;
  subtotal: Money;
  tax: Money;
  shippingHandling: Money;
}

/**
 * A refund on an order. Amounts are running totals — everything refunded on the order so far, as
 * UltraCart reports them — so a second partial refund carries the sum of both.
 */
export interface OrderRefunded {
  merchantId: string;
  orderId: string;
  customerEmail?: string;
  /** `full` once the refunded total reaches the order total. */
  kind: 'full' | 'partial';
  refundedAt?: string;
  reason?: string;
  currency: string;
  orderTotal: Money;
  refunded: RefundedAmounts;
  lines: RefundLine[];
}

export interface OrderShipped {
  merchantId: string;
  orderId: string;
  customerEmail?: string;
  shippedAt?: string;
  shippingMethod?: string;
  trackingNumbers: string[];
  expectedDeliveryAt?: string;
}

export interface OrderPaymentFailed {
  merchantId: string;
  orderId: string;
  customerEmail?: string;
  stage: string;
  paymentMethod?: string;
  paymentStatus?: string;
  /** A credit card the gateway declined (as opposed to a capture failure or another method). */
  cardDeclined: boolean;
  reason?: string;
  failedAt?: string;
  total: Money;
}

export interface OrderRejected {
  merchantId: string;
  orderId: string;
  customerEmail?: string;
  rejectedAt?: string;
  reason?: string;
}

export interface OrderDeleted {
  merchantId: string;
  orderId: string;
}

/** The auto-order (subscription) statuses the CRM integrations send, exact strings (seed: ONTRAPORT guide). */
export const AUTO_ORDER_STATUSES = ['active', 'card declined', 'cancelled upgrade', 'cancelled download', 'cancelled', 'terminated'] as const;
export type AutoOrderStatus = (typeof AUTO_ORDER_STATUSES)[number];

export interface AutoOrderStatusChanged {
  merchantId: string;
  autoOrderCode: string;
  autoOrderOid?: number;
  originalOrderId?: string;
  customerEmail?: string;
  status: AutoOrderStatus;
  /** UltraCart's own status (active, canceled, disabled, merged), for the record. */
  cartStatus?: string;
  reason?: string;
  changedAt?: string;
  nextAttemptAt?: string;
  itemIds: string[];
}

/** A subscription billed again: a new sale, marked recurring. */
export interface AutoOrderRebilled {
  merchantId: string;
  autoOrderCode: string;
  autoOrderOid?: number;
  originalOrderId?: string;
  recurring: true;
  /** 1 for the first rebill after the original order. */
  rebillNumber: number;
  order: Order;
}

export interface CartAbandoned {
  merchantId: string;
  cartId: string;
  customer: { email: string; firstName?: string; lastName?: string };
  currency: string;
  /** Priced as the cart showed them (after item discounts), like an order's lines. */
  lines: OrderLine[];
  total: Money;
}

/** A product of the merchant's catalog, as the product sync and the item feed need it. */
export interface CatalogItem {
  itemId: string;
  itemOid?: number;
  description?: string;
  price?: Money;
  salePrice?: Money;
  inactive: boolean;
  kit: boolean;
  categoryPath?: string;
  modifiedAt?: string;
}

export interface ItemUpserted {
  merchantId: string;
  /** True for `item_create`; an update of an item the hub never saw is an upsert all the same. */
  created: boolean;
  item: CatalogItem;
}

export interface ItemDeleted {
  merchantId: string;
  itemId: string;
  itemOid?: number;
}

export interface AffiliateSignedUp {
  merchantId: string;
  affiliateId: string;
  email: string;
  firstName?: string;
  lastName?: string;
  approved: boolean;
  signedUpAt?: string;
}

/** Canonical event type → its payload. */
export interface CartEventPayloads {
  'order.placed': OrderPlaced;
  'order.refunded': OrderRefunded;
  'order.shipped': OrderShipped;
  'order.payment-failed': OrderPaymentFailed;
  'order.rejected': OrderRejected;
  'order.deleted': OrderDeleted;
  'auto-order.status-changed': AutoOrderStatusChanged;
  'auto-order.rebilled': AutoOrderRebilled;
  'cart.abandoned': CartAbandoned;
  'item.upserted': ItemUpserted;
  'item.deleted': ItemDeleted;
  'affiliate.signed-up': AffiliateSignedUp;
}
export type CartEventType = keyof CartEventPayloads;

/**
 * How long a dedupe key is remembered. `redelivery` covers the cart's retries and reflows;
 * `order-lifetime` keeps an order from being *placed* again when it is edited months later.
 */
export type DedupeRetention = 'redelivery' | 'order-lifetime';

/** One canonical event to publish, with the key that makes it happen once. */
export interface CartEventEmit<T extends CartEventType = CartEventType> {
  type: T;
  dedupeKey: string;
  retention: DedupeRetention;
  payload: CartEventPayloads[T];
}

export function cartEvent<T extends CartEventType>(type: T, dedupeKey: string, payload: CartEventPayloads[T], retention: DedupeRetention = 'redelivery'): CartEventEmit<T> {
  return { type, dedupeKey, retention, payload };
}
