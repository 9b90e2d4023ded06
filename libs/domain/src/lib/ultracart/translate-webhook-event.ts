import { AUTO_ORDER_EVENTS, translateAutoOrderEvent } from './auto-order-events';
import { translateCartAbandon } from './cart-abandon';
import { ITEM_EVENTS, translateItemEvent } from './catalog-item';
import { EventTranslation } from './event-translation';
import { EventShapeError } from './event-shape.error';
import { ORDER_EVENTS, translateOrderEvent } from './order-events';
import { UcOrder } from './ultracart-order';
import { UcAutoOrder, UcCart, UcItem } from './ultracart-resources';
import { WebhookEvent } from './webhook-envelope';

/** Every event name the hub turns into canonical events. */
export const CASCADED_EVENTS: readonly string[] = [...ORDER_EVENTS, ...AUTO_ORDER_EVENTS, 'checkout_cart_abandon', ...ITEM_EVENTS];

const isOneOf = <T extends string>(names: readonly T[], name: string): name is T => (names as readonly string[]).includes(name);

/**
 * One event of a delivery → what the hub does with it. Never throws for a bad resource: a broken
 * event is `rejected` (with the field that is wrong) and the rest of its bundle goes on. Names the
 * hub does not take — UltraCart's other events or ones it adds later — are `ignored`.
 */
export function translateWebhookEvent(event: WebhookEvent, merchantId: string): EventTranslation {
  const { name, resource } = event;
  try {
    if (isOneOf(ORDER_EVENTS, name)) return translateOrderEvent(name, resource as UcOrder, merchantId);
    if (isOneOf(AUTO_ORDER_EVENTS, name)) return translateAutoOrderEvent(name, resource as UcAutoOrder, merchantId);
    if (name === 'checkout_cart_abandon') return translateCartAbandon(resource as UcCart, merchantId);
    if (isOneOf(ITEM_EVENTS, name)) return translateItemEvent(name, resource as UcItem, merchantId);
    return { outcome: 'ignored', reason: `${name} is not an event the hub cascades`, emits: [] };
  } catch (err) {
    // A value of the wrong type deep in a resource (a string where a number belongs) ends up here
    // too: one unreadable event must not make the cart redeliver its whole bundle forever.
    const detail = err instanceof EventShapeError ? err.message : `could not be read (${(err as Error).message})`;
    const resourceId = firstString(resource['order_id'], resource['auto_order_code'], resource['cart_id'], resource['merchant_item_id']);
    const orderId = firstString(resource['order_id']);
    return { outcome: 'rejected', resourceId, orderId, reason: `events[${event.index}].${name}.${detail}`, emits: [] };
  }
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.length > 0);
}
