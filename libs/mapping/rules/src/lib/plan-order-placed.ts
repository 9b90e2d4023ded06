import type { Order } from '@hub/domain';
import type { MerchantConfig } from './merchant-config';
import { lookupFromRecord } from './ontraport/ontraport-product-lookup';
import { OntraportSettings } from './ontraport/ontraport-settings';
import { planOntraportOrderPlaced } from './ontraport/plan-ontraport';
import type { Plan } from './plan';

export type { OntraportSaleV1 as OntraportSalePayload } from '@hub/messaging-contracts';

/**
 * An order that left the payment stage → the CRM commands the merchant's config asks for.
 * Kept for the mapping consumer of the first skeleton (`MerchantConfig` with product names and an
 * enabled flag, REST only); the ONTRAPORT rules proper are `planOntraportCartEvent` & co. in
 * `./ontraport`, which take the full `OntraportSettings`.
 */
export function planOrderPlaced(order: Order, config: MerchantConfig | undefined): Plan {
  const op = config?.ontraport;
  const settings = op ? Object.assign(new OntraportSettings(), { enabled: op.enabled }) : undefined;
  return planOntraportOrderPlaced(order, settings, lookupFromRecord(op?.productNames ?? {}));
}
