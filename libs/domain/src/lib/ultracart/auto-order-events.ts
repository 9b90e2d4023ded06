import { AutoOrderStatus, AutoOrderStatusChanged, cartEvent, CartEventEmit } from '../cart-events';
import { changeMarker, dedupeKey } from '../dedupe-key';
import { cascade, EventTranslation, notCascaded } from './event-translation';
import { atField, EventShapeError } from './event-shape.error';
import { toCanonicalOrder } from './to-canonical-order';
import { UcAutoOrder } from './ultracart-resources';
import { latest, normalizedEmail } from './uc-values';

export const AUTO_ORDER_EVENTS = ['auto_order_create', 'auto_order_rebill', 'auto_order_decline', 'auto_order_cancel', 'auto_order_disable', 'auto_order_update'] as const;
export type AutoOrderEventName = (typeof AUTO_ORDER_EVENTS)[number];

/**
 * The status the CRM integrations send, from the event and the auto order itself:
 * - a decline is `card declined`; so is an active auto order whose last rebill attempt failed;
 * - a cancellation is `cancelled upgrade` / `cancelled download` when UltraCart cancelled it because
 *   the customer bought an upgrade / downgrade item (`cancel_upgrade` / `cancel_downgrade`; the
 *   integration guide calls the latter "cancelled download"), else `cancelled`; merged into another
 *   auto order is `cancelled` too;
 * - disabled (UltraCart gave up after failed rebills, or the merchant switched it off) is `terminated`.
 * Undefined when the resource does not say (an update without a status).
 */
export function autoOrderStatus(event: AutoOrderEventName, ao: UcAutoOrder): AutoOrderStatus | undefined {
  if (event === 'auto_order_decline') return 'card declined';
  if (event === 'auto_order_disable') return 'terminated';
  if (event === 'auto_order_cancel') return cancelledStatus(ao);
  const status = ao.status?.toLowerCase();
  if (status === 'canceled' || status === 'cancelled' || status === 'merged' || (!status && ao.canceled_dts)) return cancelledStatus(ao);
  if (status === 'disabled' || (!status && ao.disabled_dts)) return 'terminated';
  if (status === 'active' || (!status && ao.enabled === true)) return (ao.credit_card_attempt ?? 0) > 0 && ao.failure_reason ? 'card declined' : 'active';
  return undefined;
}

function cancelledStatus(ao: UcAutoOrder): AutoOrderStatus {
  if (ao.cancel_upgrade) return 'cancelled upgrade';
  if (ao.cancel_downgrade) return 'cancelled download';
  return 'cancelled';
}

export function translateAutoOrderEvent(event: AutoOrderEventName, ao: UcAutoOrder, merchantId: string): EventTranslation {
  const code = ao.auto_order_code ?? (ao.auto_order_oid === undefined ? undefined : String(ao.auto_order_oid));
  if (!code) throw new EventShapeError('auto_order_code', 'is required');
  const about = { resourceId: code, orderId: ao.original_order_id };
  if (event === 'auto_order_rebill') return cascade([rebilled(ao, code, merchantId)], about);
  const status = autoOrderStatus(event, ao);
  if (!status) return notCascaded(`auto order status ${ao.status ?? '(none)'} is not one the hub knows`, about);
  const payload: AutoOrderStatusChanged = {
    merchantId,
    autoOrderCode: code,
    autoOrderOid: ao.auto_order_oid,
    originalOrderId: ao.original_order_id,
    customerEmail: normalizedEmail(ao.original_order?.billing?.email, ao.original_order?.customer_profile?.email),
    status,
    cartStatus: ao.status,
    reason: status === 'card declined' ? ao.failure_reason : ao.cancel_reason,
    changedAt: status === 'terminated' ? ao.disabled_dts : status.startsWith('cancelled') ? ao.canceled_dts : undefined,
    nextAttemptAt: ao.next_attempt,
    itemIds: (ao.items ?? []).map((i) => i.original_item_id).filter((i): i is string => !!i),
  };
  // The schedule (next_attempt, attempts) is part of the marker: after a decline and a successful
  // rebill the auto order is `active` again, and that must not pass for the first `active`.
  const marker = changeMarker([status, payload.reason, payload.changedAt, ao.credit_card_attempt, ao.next_attempt]);
  return cascade([cartEvent('auto-order.status-changed', dedupeKey(merchantId, 'auto-order.status-changed', code, marker), payload)], about);
}

/** The newest of the auto order's rebill orders is the new sale; its order id is the change marker. */
function rebilled(ao: UcAutoOrder, code: string, merchantId: string): CartEventEmit<'auto-order.rebilled'> {
  const rebills = ao.rebill_orders ?? [];
  const newest = latest(rebills.map((o) => o.creation_dts));
  const index = newest === undefined ? rebills.length - 1 : rebills.findIndex((o) => o.creation_dts === newest);
  const order = rebills[index];
  if (!order) throw new EventShapeError('rebill_orders', 'must hold the new order (subscribe the webhook with the rebill_orders expansion)');
  const canonical = atField(`rebill_orders[${index}].`, () => toCanonicalOrder(order, merchantId));
  return cartEvent('auto-order.rebilled', dedupeKey(merchantId, 'auto-order.rebilled', code, canonical.orderId), {
    merchantId,
    autoOrderCode: code,
    autoOrderOid: ao.auto_order_oid,
    originalOrderId: ao.original_order_id,
    recurring: true,
    // Every other rebill is older than the newest one.
    rebillNumber: rebills.length,
    order: canonical,
  });
}
