import type { CartEventType } from '@hub/domain';
import { RoutingKeys } from '../routing-keys';

/** Each canonical cart event of the domain → the routing key it is published under. */
export const CART_EVENT_ROUTING_KEYS: { readonly [T in CartEventType]: string } = {
  'order.placed': RoutingKeys.cart.orderPlaced,
  'order.refunded': RoutingKeys.cart.orderRefunded,
  'order.shipped': RoutingKeys.cart.orderShipped,
  'order.payment-failed': RoutingKeys.cart.orderPaymentFailed,
  'order.rejected': RoutingKeys.cart.orderRejected,
  'order.deleted': RoutingKeys.cart.orderDeleted,
  'auto-order.status-changed': RoutingKeys.cart.autoOrderStatusChanged,
  'auto-order.rebilled': RoutingKeys.cart.autoOrderRebilled,
  'cart.abandoned': RoutingKeys.cart.cartAbandoned,
  'item.upserted': RoutingKeys.cart.itemUpserted,
  'item.deleted': RoutingKeys.cart.itemDeleted,
  'affiliate.signed-up': RoutingKeys.cart.affiliateSignedUp,
};
