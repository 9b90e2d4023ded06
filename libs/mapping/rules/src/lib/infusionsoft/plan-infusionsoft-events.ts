import type { AffiliateSignedUp, AutoOrderRebilled, CartAbandoned, OrderPlaced, OrderShipped } from '@hub/domain';
import {
  RoutingKeys,
  type InfusionsoftAbandonedCartV1,
  type InfusionsoftAffiliateV1,
  type InfusionsoftShipmentV1,
} from '@hub/messaging-contracts';
import { contactFields, productTagsOf } from './infusionsoft-contact';
import { infusionsoftKeys } from './infusionsoft-keys';
import { notEnabled, send, skip, unique, type InfusionsoftPlan } from './infusionsoft-plan';
import type { InfusionsoftSettings } from './infusionsoft-settings';
import { planInfusionsoftOrder, type InfusionsoftOrderContext } from './plan-infusionsoft-order';

/** Shipping and tracking → the configured custom order fields of the order's Infusionsoft `Job`. */
export function planInfusionsoftShipment(event: OrderShipped, settings: InfusionsoftSettings | undefined): InfusionsoftPlan {
  if (!settings?.enabled) return notEnabled(settings);
  if (settings.skipOrderCreation) return skip('order creation is skipped, so there is no Infusionsoft order to put the shipment on');
  const f = settings.shippingFields;
  const values: Array<[string | undefined, string | undefined]> = [
    [f.shippedAt, event.shippedAt],
    [f.shippingMethod, event.shippingMethod],
    [f.trackingNumbers, event.trackingNumbers.length ? event.trackingNumbers.join(', ') : undefined],
    [f.expectedDeliveryAt, event.expectedDeliveryAt],
  ];
  const customFields = Object.fromEntries(values.filter((v): v is [string, string] => !!v[0] && !!v[1]));
  if (!Object.keys(customFields).length) return skip('no shipping custom order field is configured for what this shipment carries');
  const payload: InfusionsoftShipmentV1 = {
    merchantId: event.merchantId,
    idempotencyKey: infusionsoftKeys.shipment(event.merchantId, event.orderId, customFields),
    orderId: event.orderId,
    orderKey: infusionsoftKeys.order(event.merchantId, event.orderId),
    customFields,
  };
  return send({ routingKey: RoutingKeys.crm.infusionsoftShipment, payload, reason: `shipment of ${event.orderId} → custom order fields ${Object.keys(customFields).join(', ')}` });
}

/** An abandoned cart → the contact, tagged with the abandon tag (and product tags when the box is ticked). */
export function planInfusionsoftAbandonedCart(event: CartAbandoned, settings: InfusionsoftSettings | undefined): InfusionsoftPlan {
  if (!settings?.enabled) return notEnabled(settings);
  const tag = settings.abandonedCart.contactTag;
  if (!tag) return skip('no abandoned-cart contact tag is configured, so abandoned carts are not sent');
  const tags = unique([tag, ...(settings.abandonedCart.productTags ? productTagsOf(settings, event.lines.map((l) => l.itemId)) : [])]);
  const payload: InfusionsoftAbandonedCartV1 = {
    merchantId: event.merchantId,
    idempotencyKey: infusionsoftKeys.abandonedCart(event.merchantId, event.cartId),
    cartId: event.cartId,
    steps: { contact: { email: event.customer.email, fields: contactFields(event.customer.email, undefined, event.customer) }, tags, actionSetIds: [] },
  };
  return send({ routingKey: RoutingKeys.crm.infusionsoftAbandonedCart, payload, reason: `abandoned cart ${event.cartId}: tag ${event.customer.email} with ${tags.join(', ')}` });
}

/** An affiliate sign-up → the contact, tagged per the affiliate settings. */
export function planInfusionsoftAffiliate(event: AffiliateSignedUp, settings: InfusionsoftSettings | undefined): InfusionsoftPlan {
  if (!settings?.enabled) return notEnabled(settings);
  const a = settings.affiliate;
  if (!a.enabled) return skip('affiliates are not sent to Infusionsoft (affiliate → contact is off)');
  const stateTag = event.approved ? a.approvedTag : a.pendingTag;
  const payload: InfusionsoftAffiliateV1 = {
    merchantId: event.merchantId,
    idempotencyKey: infusionsoftKeys.affiliate(event.merchantId, event.affiliateId, event.approved),
    affiliateId: event.affiliateId,
    approved: event.approved,
    steps: {
      contact: { email: event.email, fields: contactFields(event.email, undefined, event) },
      tags: unique([...a.tags, ...(stateTag ? [stateTag] : [])]),
      actionSetIds: event.approved && a.actionSetId ? [a.actionSetId] : [],
    },
  };
  return send({ routingKey: RoutingKeys.crm.infusionsoftAffiliate, payload, reason: `affiliate ${event.affiliateId} (${event.approved ? 'approved' : 'pending'}) → contact ${event.email}` });
}

/** The cart events Infusionsoft hears about; every other `cart.*` event is none of its business. */
export const INFUSIONSOFT_CART_EVENTS = [
  RoutingKeys.cart.orderPlaced,
  RoutingKeys.cart.autoOrderRebilled,
  RoutingKeys.cart.orderShipped,
  RoutingKeys.cart.cartAbandoned,
  RoutingKeys.cart.affiliateSignedUp,
] as const;

/**
 * One entry point for the mapping consumer: a validated cart event (by its routing key) + the
 * merchant's Infusionsoft settings + the order context (product mapping, customer history) → the
 * Infusionsoft commands, why, and warnings for the merchant's log.
 */
export function planInfusionsoftCartEvent(
  routingKey: string,
  event: unknown,
  settings: InfusionsoftSettings | undefined,
  context: InfusionsoftOrderContext,
): InfusionsoftPlan {
  switch (routingKey) {
    case RoutingKeys.cart.orderPlaced:
      return planInfusionsoftOrder((event as OrderPlaced).order, settings, context);
    case RoutingKeys.cart.autoOrderRebilled:
      // A rebill is a new paid order of the same customer (keyed by its own order id).
      return planInfusionsoftOrder((event as AutoOrderRebilled).order, settings, { ...context, repeatCustomer: true });
    case RoutingKeys.cart.orderShipped:
      return planInfusionsoftShipment(event as OrderShipped, settings);
    case RoutingKeys.cart.cartAbandoned:
      return planInfusionsoftAbandonedCart(event as CartAbandoned, settings);
    case RoutingKeys.cart.affiliateSignedUp:
      return planInfusionsoftAffiliate(event as AffiliateSignedUp, settings);
    default:
      return skip(`Infusionsoft does not take ${routingKey}`);
  }
}
