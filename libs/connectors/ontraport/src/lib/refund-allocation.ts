export interface RefundablePurchase {
  id: number;
  /** Minor units: price × quantity as logged. */
  totalMinor: number;
  /** Minor units refunded on it so far. */
  refundedMinor: number;
}

/**
 * Spreads a refund of `amountMinor` over an order's purchases, first purchase first, never more than
 * what is left on each (the legacy API refuses more than the purchase price). Throws when the sale
 * cannot take the amount: the cart refunded more than we logged, which no retry will change.
 */
export function allocateRefund(purchases: RefundablePurchase[], amountMinor: number): Array<{ purchaseId: number; amountMinor: number; full: boolean }> {
  if (!Number.isInteger(amountMinor) || amountMinor <= 0) throw new RangeError(`refund amount must be a positive number of minor units, got ${amountMinor}`);
  const out: Array<{ purchaseId: number; amountMinor: number; full: boolean }> = [];
  let left = amountMinor;
  for (const p of purchases) {
    const room = p.totalMinor - p.refundedMinor;
    if (left <= 0) break;
    if (room <= 0) continue;
    const take = Math.min(room, left);
    out.push({ purchaseId: p.id, amountMinor: take, full: take === room });
    left -= take;
  }
  if (left > 0) throw new RangeError(`the logged sale has ${amountMinor - left} minor units left to refund, ${amountMinor} were asked`);
  return out;
}
