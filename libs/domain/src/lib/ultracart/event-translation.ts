import { CartEventEmit } from '../cart-events';

/**
 * What one cart event means for the hub: canonical events to publish (`cascade`), nothing to pass
 * on yet (`not_cascaded`: an order still in Accounts Receivable), an event the hub does not take
 * (`ignored`), or a resource too broken to use (`rejected`, with the field in `reason`).
 */
export type TranslationOutcome = 'cascade' | 'not_cascaded' | 'ignored' | 'rejected';

export interface EventTranslation {
  outcome: TranslationOutcome;
  /** The cart resource the event is about: order id, auto order code, cart id, item id. */
  resourceId?: string;
  /** The order concerned, when there is one (for the transmission log's order search). */
  orderId?: string;
  reason?: string;
  emits: CartEventEmit[];
}

export function cascade(emits: CartEventEmit[], about: { resourceId: string; orderId?: string }): EventTranslation {
  return { outcome: 'cascade', ...about, emits };
}

export function notCascaded(reason: string, about: { resourceId?: string; orderId?: string } = {}): EventTranslation {
  return { outcome: 'not_cascaded', ...about, reason, emits: [] };
}

/** `cascade` when there is something to publish, else `not_cascaded` with the reason. */
export function cascadeOrExplain(emits: CartEventEmit[], reason: string, about: { resourceId: string; orderId?: string }): EventTranslation {
  return emits.length ? cascade(emits, about) : notCascaded(reason, about);
}
