import { createHash } from 'node:crypto';

/**
 * The cart sends no event id, so the hub derives one: `<merchant>:<event>:<resource id>[:<marker>]`.
 *
 * - `<event>` is the canonical event (`order.refunded`), not the cart's event name: when two cart
 *   events reveal the same fact (`auto_order_cancel`, then `auto_order_update` showing the
 *   cancellation) the fact is published once.
 * - `<marker>` stands for the resource's change: UltraCart resources carry no version, so it is a
 *   hash of the fields the canonical event carries. The same state seen again (a redelivered
 *   bundle, a reflow) gives the same key; any change the hub would pass on gives a new one.
 *   Events that can happen only once per resource (an order placed or deleted) have no marker.
 */
export function dedupeKey(merchantId: string, event: string, resourceId: string, marker?: string): string {
  const base = `${merchantId}:${event}:${resourceId}`;
  return marker === undefined ? base : `${base}:${marker}`;
}

/**
 * 16 hex digits of SHA-256 over the JSON of `state`. The translators build their payloads in a
 * fixed field order, so equal states serialise equally; 64 bits make a false "duplicate" between
 * two states of one resource vanishingly unlikely.
 */
export function changeMarker(state: unknown): string {
  return createHash('sha256').update(JSON.stringify(state) ?? '').digest('hex').slice(0, 16);
}
