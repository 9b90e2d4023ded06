import type { AffiliateSignedUp, AutoOrderRebilled, AutoOrderStatusChanged, ItemDeleted, ItemUpserted, OrderPaymentFailed, OrderPlaced, OrderRefunded } from '@hub/domain';
import { RoutingKeys } from '@hub/messaging-contracts';
import type { Plan } from '../plan';
import {
  planOntraportAffiliateSignedUp,
  planOntraportAutoOrderStatus,
  planOntraportItemDeleted,
  planOntraportItemUpserted,
  planOntraportOrderPlaced,
  planOntraportPaymentFailed,
  planOntraportRebill,
  planOntraportRefund,
} from './plan-ontraport';
import type { OntraportProductLookup } from './ontraport-product-lookup';
import type { OntraportSettings } from './ontraport-settings';

/** The cart events ONTRAPORT hears about; every other `cart.*` event is none of its business. */
export const ONTRAPORT_CART_EVENTS = [
  RoutingKeys.cart.orderPlaced,
  RoutingKeys.cart.autoOrderRebilled,
  RoutingKeys.cart.orderRefunded,
  RoutingKeys.cart.autoOrderStatusChanged,
  RoutingKeys.cart.orderPaymentFailed,
  RoutingKeys.cart.affiliateSignedUp,
  RoutingKeys.cart.itemUpserted,
  RoutingKeys.cart.itemDeleted,
] as const;

/**
 * One entry point for the mapping consumer: a validated cart event (by its routing key) + the
 * merchant's ONTRAPORT settings + a product-mapping lookup → the ONTRAPORT commands and why.
 */
export function planOntraportCartEvent(routingKey: string, event: unknown, settings: OntraportSettings | undefined, lookup: OntraportProductLookup): Plan {
  switch (routingKey) {
    case RoutingKeys.cart.orderPlaced:
      return planOntraportOrderPlaced((event as OrderPlaced).order, settings, lookup);
    case RoutingKeys.cart.autoOrderRebilled:
      return planOntraportRebill(event as AutoOrderRebilled, settings, lookup);
    case RoutingKeys.cart.orderRefunded:
      return planOntraportRefund(event as OrderRefunded, settings);
    case RoutingKeys.cart.autoOrderStatusChanged:
      return planOntraportAutoOrderStatus(event as AutoOrderStatusChanged, settings);
    case RoutingKeys.cart.orderPaymentFailed:
      return planOntraportPaymentFailed(event as OrderPaymentFailed, settings);
    case RoutingKeys.cart.affiliateSignedUp:
      return planOntraportAffiliateSignedUp(event as AffiliateSignedUp, settings);
    case RoutingKeys.cart.itemUpserted:
      return planOntraportItemUpserted(event as ItemUpserted, settings, lookup);
    case RoutingKeys.cart.itemDeleted:
      return planOntraportItemDeleted(event as ItemDeleted, settings, lookup);
    default:
      return { commands: [], skipped: [{ integration: 'ontraport', reason: `ONTRAPORT does not take ${routingKey}` }] };
  }
}
