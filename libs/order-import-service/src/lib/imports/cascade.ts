import { isPastPaymentStage, Order } from '@hub/domain';
import { OrderPlacedV1, OrderRejectedV1, RoutingKeys } from '@hub/messaging-contracts';
import { OutboxMessage } from '../outbox/outbox';

/**
 * `cart.order.placed.v1` for an imported order that has left the payment stage, as the cart's own
 * orders cascade. The CRMs find customers by email: an order without one is stored, not cascaded.
 * The message id is the order's, so a republished row is recognisably the same event.
 */
export function placedMessage(order: Order): OutboxMessage | undefined {
  if (!isPastPaymentStage(order.stage) || !order.customer.email) return undefined;
  const payload: OrderPlacedV1 = { merchantId: order.merchantId, order };
  return { routingKey: RoutingKeys.cart.orderPlaced, payload, messageId: `order-import:placed:${order.orderId}` };
}

export function rejectedMessage(order: Order, reason: string): OutboxMessage {
  const payload: OrderRejectedV1 = {
    merchantId: order.merchantId,
    orderId: order.orderId,
    customerEmail: order.customer.email || undefined,
    rejectedAt: new Date().toISOString(),
    reason,
  };
  return { routingKey: RoutingKeys.cart.orderRejected, payload, messageId: `order-import:rejected:${order.orderId}` };
}
