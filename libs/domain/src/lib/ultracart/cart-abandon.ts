import { cartEvent, CartAbandoned } from '../cart-events';
import { changeMarker, dedupeKey } from '../dedupe-key';
import { money } from '../money';
import { OrderLine } from '../order';
import { cascade, EventTranslation, notCascaded } from './event-translation';
import { EventShapeError } from './event-shape.error';
import { UcCart, UcCartItem } from './ultracart-resources';
import { amountOf, normalizedEmail } from './uc-values';

/**
 * `checkout_cart_abandon` → an abandoned cart with its lines and the customer's email. A cart
 * without an email or without items cannot be followed up: not cascaded, not an error. The same
 * cart abandoned again with other contents is a new event (the contents are the change marker).
 */
export function translateCartAbandon(cart: UcCart, merchantId: string): EventTranslation {
  const cartId = cart.cart_id;
  if (!cartId) throw new EventShapeError('cart_id', 'is required');
  const currency = cart.currency_code ?? cart.summary?.total?.currency_code ?? 'USD';
  const lines = (cart.items ?? []).map((item, n) => toLine(item, n, currency));
  const email = normalizedEmail(cart.billing?.email, cart.customer_profile?.email);
  if (!email) return notCascaded('the cart has no customer email to follow up', { resourceId: cartId });
  if (!lines.length) return notCascaded('the cart holds no items', { resourceId: cartId });
  const payload: CartAbandoned = {
    merchantId,
    cartId,
    customer: { email, firstName: cart.billing?.first_name, lastName: cart.billing?.last_name },
    currency,
    lines,
    total: cart.summary?.total?.value !== undefined ? amountOf(cart.summary.total, currency) : { minor: lines.reduce((s, l) => s + l.total.minor, 0), currency },
  };
  const marker = changeMarker([email, lines.map((l) => [l.itemId, l.quantity, l.total.minor])]);
  return cascade([cartEvent('cart.abandoned', dedupeKey(merchantId, 'cart.abandoned', cartId, marker), payload)], { resourceId: cartId });
}

function toLine(item: UcCartItem, index: number, currency: string): OrderLine {
  if (!item.item_id) throw new EventShapeError(`items[${index}].item_id`, 'is required');
  const quantity = item.quantity ?? 1;
  const unitPrice = amountOf(item.unit_cost_with_discount ?? item.unit_cost, currency);
  const total = item.total_cost_with_discount ?? item.total_cost;
  return {
    itemId: item.item_id,
    description: item.description,
    quantity,
    unitPrice,
    total: total?.value !== undefined ? money(total.value, currency) : { minor: Math.round(unitPrice.minor * quantity), currency },
  };
}
