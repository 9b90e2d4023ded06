import type { Order } from '@hub/domain';
import { RoutingKeys } from '@hub/messaging-contracts';
import type { MerchantConfig } from './merchant-config';

export interface PlannedCommand<T = unknown> {
  routingKey: string;
  payload: T;
  /** Why this command is sent: shown by the preview and in the logs. */
  reason: string;
}

export interface SkippedIntegration {
  integration: string;
  reason: string;
}

export interface Plan {
  commands: PlannedCommand[];
  skipped: SkippedIntegration[];
}

export interface OntraportSalePayload {
  merchantId: string;
  idempotencyKey: string;
  order: Order;
  productNames: Record<string, string>;
}

/**
 * An order that left the payment stage → the CRM commands the merchant's config asks for.
 * Pure: the same order and config always give the same commands with the same idempotency keys.
 */
export function planOrderPlaced(order: Order, config: MerchantConfig | undefined): Plan {
  const plan: Plan = { commands: [], skipped: [] };
  const op = config?.ontraport;
  if (!op) plan.skipped.push({ integration: 'ontraport', reason: 'not configured for this merchant' });
  else if (!op.enabled) plan.skipped.push({ integration: 'ontraport', reason: 'disabled by the merchant' });
  else {
    const productNames = Object.fromEntries(order.lines.map((l) => [l.itemId, op.productNames[l.itemId] ?? l.itemId]));
    const mapped = order.lines.filter((l) => op.productNames[l.itemId]).length;
    plan.commands.push({
      routingKey: RoutingKeys.crm.ontraportSale,
      payload: { merchantId: order.merchantId, idempotencyKey: `ontraport:sale:${order.merchantId}:${order.orderId}`, order, productNames } satisfies OntraportSalePayload,
      reason: `ONTRAPORT enabled: log the sale (${mapped} of ${order.lines.length} item(s) mapped to product names, the rest use the item id)`,
    });
  }
  return plan;
}
