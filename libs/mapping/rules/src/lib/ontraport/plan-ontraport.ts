import { AUTO_ORDER_STATUSES, type AffiliateSignedUp, type AutoOrderRebilled, type AutoOrderStatusChanged, type ItemDeleted, type ItemUpserted, type Order, type OrderPaymentFailed, type OrderRefunded } from '@hub/domain';
import {
  RoutingKeys,
  type OntraportAffiliateSignupV1,
  type OntraportApiStyle,
  type OntraportAutoOrderStatusV1,
  type OntraportProductDeleteV1,
  type OntraportProductSyncV1,
  type OntraportProductUpsertV1,
  type OntraportRefundV1,
  type OntraportSaleV1,
} from '@hub/messaging-contracts';
import type { Plan, PlannedCommand } from '../plan';
import { ontraportKeys } from './ontraport-keys';
import { resolveProduct, type OntraportProductLookup } from './ontraport-product-lookup';
import { ontraportDelivery, type OntraportSettings } from './ontraport-settings';

const INTEGRATION = 'ontraport';

/** Why nothing goes through the API, or the API style to use. */
function apiStyle(settings: OntraportSettings | undefined, what: string): { api: OntraportApiStyle } | { skip: string } {
  if (!settings) return { skip: 'not configured for this merchant' };
  switch (ontraportDelivery(settings)) {
    case 'rest':
      return { api: 'rest' };
    case 'legacy':
      return { api: 'legacy' };
    case 'pixel':
      return { skip: `the merchant uses the Partner Tracking Pixel, which records sales on the receipt page; ${what} is not sent through the API` };
    default:
      return { skip: settings.enabled ? 'the API method is off' : 'disabled by the merchant' };
  }
}

const skipped = (reason: string): Plan => ({ commands: [], skipped: [{ integration: INTEGRATION, reason }] });
const one = <T>(routingKey: string, payload: T, reason: string): Plan => ({ commands: [{ routingKey, payload, reason } satisfies PlannedCommand<T>], skipped: [] });

function saleCommand(order: Order, api: OntraportApiStyle, lookup: OntraportProductLookup, extra: Partial<OntraportSaleV1> = {}): OntraportSaleV1 {
  const products = [...new Set(order.lines.map((l) => l.itemId))].map((itemId) => resolveProduct(itemId, lookup));
  return {
    merchantId: order.merchantId,
    idempotencyKey: ontraportKeys.sale(order.merchantId, order.orderId),
    api,
    order: order as OntraportSaleV1['order'],
    productNames: Object.fromEntries(products.map((p) => [p.itemId, p.name])),
    products: products.map(({ mapped: _mapped, ...p }) => p),
    ...extra,
  };
}

function mappedReason(order: Order, lookup: OntraportProductLookup): string {
  const mapped = order.lines.filter((l) => lookup(l.itemId)).length;
  const parts = [`${mapped} of ${order.lines.length} item(s) mapped to ONTRAPORT products, the rest use the item id as the name`];
  if (order.couponCodes.length) parts.push(`coupon(s) ${order.couponCodes.join(', ')} reflected in the prices`);
  if (order.totals.shippingHandling.minor) parts.push('shipping/handling as its own amount');
  if (order.totals.tax.minor) parts.push('tax as its own amount');
  return parts.join('; ');
}

/** An order left the payment stage → log the sale (API method); the pixel method records it on the receipt. */
export function planOntraportOrderPlaced(order: Order, settings: OntraportSettings | undefined, lookup: OntraportProductLookup): Plan {
  const style = apiStyle(settings, 'the sale');
  if ('skip' in style) return skipped(style.skip);
  return one(RoutingKeys.crm.ontraportSale, saleCommand(order, style.api, lookup), `log the sale (${style.api}): ${mappedReason(order, lookup)}`);
}

/**
 * A rebill → a recurring sale. Keyed by the rebill order's id, like its `order_create`, which the
 * cart also sends: whichever arrives second is recognised by the connector and logs nothing.
 */
export function planOntraportRebill(event: AutoOrderRebilled, settings: OntraportSettings | undefined, lookup: OntraportProductLookup): Plan {
  const style = apiStyle(settings, 'the rebill');
  if ('skip' in style) return skipped(style.skip);
  const cmd = saleCommand(event.order, style.api, lookup, { recurring: true, autoOrderCode: event.autoOrderCode, rebillNumber: event.rebillNumber });
  return one(RoutingKeys.crm.ontraportSale, cmd, `log rebill #${event.rebillNumber} of ${event.autoOrderCode} as a recurring sale (${style.api}): ${mappedReason(event.order, lookup)}`);
}

/** Full and partial refunds; the command carries the running total and the connector refunds the difference. */
export function planOntraportRefund(event: OrderRefunded, settings: OntraportSettings | undefined): Plan {
  const style = apiStyle(settings, 'the refund');
  if ('skip' in style) return skipped(style.skip);
  if (!settings?.sendRefunds) return skipped('refunds are turned off by the merchant');
  if (event.refunded.total.minor <= 0) return skipped('nothing refunded yet');
  const cmd: OntraportRefundV1 = {
    merchantId: event.merchantId,
    idempotencyKey: ontraportKeys.refund(event.merchantId, event.orderId, event.refunded.total.minor),
    api: style.api,
    orderId: event.orderId,
    saleKey: ontraportKeys.sale(event.merchantId, event.orderId),
    ...(event.customerEmail ? { customerEmail: event.customerEmail } : {}),
    kind: event.kind,
    currency: event.currency,
    orderTotal: event.orderTotal,
    refundedTotal: event.refunded.total,
    ...(event.reason ? { reason: event.reason } : {}),
    ...(event.refundedAt ? { refundedAt: event.refundedAt } : {}),
  };
  return one(RoutingKeys.crm.ontraportRefund, cmd, `${event.kind} refund, ${event.refunded.total.minor / 100} ${event.currency} refunded so far (${style.api})`);
}

/** The status field and tags the merchant chose; refuses to send a status nothing would show. */
function statusUpdate(settings: OntraportSettings, status: OntraportAutoOrderStatusV1['status']): Pick<OntraportAutoOrderStatusV1, 'fields' | 'addTags' | 'removeTags'> | undefined {
  const tagOf = new Map(settings.autoOrderStatusTags.map((t) => [t.status, t.tag]));
  const add = tagOf.get(status);
  const remove = AUTO_ORDER_STATUSES.filter((s) => s !== status).map((s) => tagOf.get(s)).filter((t): t is string => !!t && t !== add);
  if (!settings.autoOrderStatusField && !add && !remove.length) return undefined;
  return {
    ...(settings.autoOrderStatusField ? { fields: { [settings.autoOrderStatusField]: status } } : {}),
    ...(add ? { addTags: [add] } : {}),
    ...(remove.length ? { removeTags: remove } : {}),
  };
}

export function planOntraportAutoOrderStatus(event: AutoOrderStatusChanged, settings: OntraportSettings | undefined): Plan {
  const style = apiStyle(settings, 'the auto-order status');
  if ('skip' in style) return skipped(style.skip);
  if (!settings?.sendAutoOrderStatus) return skipped('auto-order statuses are turned off by the merchant');
  if (!event.customerEmail) return skipped(`auto order ${event.autoOrderCode} has no customer email to find the contact by`);
  const update = statusUpdate(settings, event.status);
  if (!update) return skipped('no contact field or tag is configured for the auto-order status');
  const cmd: OntraportAutoOrderStatusV1 = {
    merchantId: event.merchantId,
    idempotencyKey: ontraportKeys.autoOrderStatus(event.merchantId, event.autoOrderCode, event.status, event.changedAt),
    api: style.api,
    contact: { email: event.customerEmail },
    status: event.status,
    autoOrderCode: event.autoOrderCode,
    ...(event.reason ? { reason: event.reason } : {}),
    ...(event.changedAt ? { changedAt: event.changedAt } : {}),
    ...update,
  };
  return one(RoutingKeys.crm.ontraportAutoOrderStatus, cmd, `auto order ${event.autoOrderCode} is now "${event.status}" (${style.api})`);
}

/** A declined card on an order → the status "card declined" (the old integration never said so). */
export function planOntraportPaymentFailed(event: OrderPaymentFailed, settings: OntraportSettings | undefined): Plan {
  if (!event.cardDeclined) return skipped('the payment failed without a declined card; ONTRAPORT has no status for it');
  const style = apiStyle(settings, 'the declined card');
  if ('skip' in style) return skipped(style.skip);
  if (!settings?.sendAutoOrderStatus) return skipped('auto-order statuses are turned off by the merchant');
  if (!event.customerEmail) return skipped(`order ${event.orderId} has no customer email to find the contact by`);
  const update = statusUpdate(settings, 'card declined');
  if (!update) return skipped('no contact field or tag is configured for the auto-order status');
  const cmd: OntraportAutoOrderStatusV1 = {
    merchantId: event.merchantId,
    idempotencyKey: ontraportKeys.declinedCard(event.merchantId, event.orderId, event.failedAt),
    api: style.api,
    contact: { email: event.customerEmail },
    status: 'card declined',
    orderId: event.orderId,
    ...(event.reason ? { reason: event.reason } : {}),
    ...(event.failedAt ? { changedAt: event.failedAt } : {}),
    ...update,
  };
  return one(RoutingKeys.crm.ontraportAutoOrderStatus, cmd, `order ${event.orderId}: card declined (${style.api})`);
}

export function planOntraportAffiliateSignedUp(event: AffiliateSignedUp, settings: OntraportSettings | undefined): Plan {
  const style = apiStyle(settings, 'the affiliate sign-up');
  if ('skip' in style) return skipped(style.skip);
  if (!settings?.sendAffiliates) return skipped('affiliate sign-ups are turned off by the merchant');
  const fields: Record<string, string> = {};
  if (settings.affiliateIdField) fields[settings.affiliateIdField] = event.affiliateId;
  // The guide's values for "Affiliate Approved" are the words True / False.
  if (settings.affiliateApprovedField) fields[settings.affiliateApprovedField] = event.approved ? 'True' : 'False';
  const addTags = [...settings.affiliateTags, ...(event.approved && settings.approvedAffiliateTag ? [settings.approvedAffiliateTag] : [])];
  if (!Object.keys(fields).length && !addTags.length) return skipped('no contact field or tag is configured for affiliates');
  const cmd: OntraportAffiliateSignupV1 = {
    merchantId: event.merchantId,
    idempotencyKey: ontraportKeys.affiliate(event.merchantId, event.affiliateId, event.approved),
    api: style.api,
    contact: { email: event.email, ...(event.firstName ? { firstName: event.firstName } : {}), ...(event.lastName ? { lastName: event.lastName } : {}) },
    affiliateId: event.affiliateId,
    approved: event.approved,
    ...(Object.keys(fields).length ? { fields } : {}),
    ...(addTags.length ? { addTags } : {}),
  };
  return one(RoutingKeys.crm.ontraportAffiliateSignup, cmd, `affiliate ${event.affiliateId} signed up (${event.approved ? 'approved' : 'awaiting approval'}) (${style.api})`);
}

/** Item feed always (whatever the method); the ONTRAPORT product too with the API method and product sync on. */
function push(settings: OntraportSettings): { push: boolean; api: OntraportApiStyle; why: string } {
  const d = ontraportDelivery(settings);
  if (d === 'rest' || d === 'legacy') return settings.syncProducts ? { push: true, api: d, why: `push to ONTRAPORT products (${d})` } : { push: false, api: d, why: 'product sync is off: item feed only' };
  return { push: false, api: 'rest', why: d === 'pixel' ? 'Partner Tracking Pixel method: item feed only (the guides: product sync needs the API method)' : 'API method off: item feed only' };
}

export function planOntraportItemUpserted(event: ItemUpserted, settings: OntraportSettings | undefined, lookup: OntraportProductLookup): Plan {
  if (!settings?.enabled) return skipped(settings ? 'disabled by the merchant' : 'not configured for this merchant');
  const { mapped: _mapped, itemId: _itemId, ...product } = resolveProduct(event.item.itemId, lookup);
  const p = push(settings);
  const cmd: OntraportProductUpsertV1 = {
    merchantId: event.merchantId,
    idempotencyKey: ontraportKeys.productUpsert(event.merchantId, event.item.itemId, { item: event.item, product, push: p.push, api: p.api }),
    api: p.api,
    item: event.item as OntraportProductUpsertV1['item'],
    product,
    push: p.push,
  };
  return one(RoutingKeys.crm.ontraportProductUpsert, cmd, `item ${event.item.itemId} ${event.created ? 'created' : 'changed'}: ${p.why}`);
}

export function planOntraportItemDeleted(event: ItemDeleted, settings: OntraportSettings | undefined, lookup: OntraportProductLookup): Plan {
  if (!settings?.enabled) return skipped(settings ? 'disabled by the merchant' : 'not configured for this merchant');
  const { mapped: _mapped, itemId: _itemId, ...product } = resolveProduct(event.itemId, lookup);
  const p = push(settings);
  const cmd: OntraportProductDeleteV1 = {
    merchantId: event.merchantId,
    idempotencyKey: ontraportKeys.productDelete(event.merchantId, event.itemId),
    api: p.api,
    itemId: event.itemId,
    product,
    push: p.push,
  };
  return one(RoutingKeys.crm.ontraportProductDelete, cmd, `item ${event.itemId} deleted: ${p.why.replace('push to', 'delete from')}`);
}

/** "Sync now" from the config API: `requestId` makes one click one sync, however often it is retried. */
export function planOntraportSyncNow(merchantId: string, settings: OntraportSettings | undefined, requestId: string, requestedBy?: string): Plan {
  const style = apiStyle(settings, 'product sync');
  if ('skip' in style) return skipped(`${style.skip} (the guides: syncing products needs the API method)`);
  const cmd: OntraportProductSyncV1 = { merchantId, idempotencyKey: ontraportKeys.productSync(merchantId, requestId), api: style.api, ...(requestedBy ? { requestedBy } : {}) };
  return one(RoutingKeys.crm.ontraportProductSync, cmd, `sync every item of the feed to ONTRAPORT products (${style.api})`);
}
