import type { Order } from '@hub/domain';

/** One email, one customer: case and surrounding spaces do not make a new one. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** An order already in the merchant's history. */
export interface KnownOrder {
  orderId: string;
  placedAt: Date;
}

/**
 * When the order counts as placed, for ordering the history: the cart's own timestamp when it
 * sent one (so an old order delivered late is still "earlier"), else when the hub first saw it.
 */
export function placedAt(order: Order, seenAt: Date): Date {
  const t = order.createdAt ? Date.parse(order.createdAt) : NaN;
  return Number.isNaN(t) ? seenAt : new Date(t);
}

/**
 * Repeat customer: an *earlier* order (another order id, placed before this one) has the same
 * email. The order itself never counts, so a redelivered order stays "new", and an order placed
 * later never makes an earlier one "repeat".
 */
export function isRepeatCustomer(orderId: string, at: Date, history: readonly KnownOrder[]): boolean {
  return history.some((h) => h.orderId !== orderId && h.placedAt.getTime() < at.getTime());
}
