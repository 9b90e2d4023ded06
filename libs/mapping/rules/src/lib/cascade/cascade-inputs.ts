import type { Order } from '@hub/domain';
import { RoutingKeys } from '@hub/messaging-contracts';
import type { InfusionsoftOrderFacts } from '../infusionsoft';
import type { InfusionsoftSettings } from '../infusionsoft/infusionsoft-settings';
import type { OntraportProductLookup } from '../ontraport/ontraport-product-lookup';
import type { OntraportSettings } from '../ontraport/ontraport-settings';

/** Everything the planners may need about one merchant for one event; secrets never come here. */
export interface CascadeInputs {
  merchantId: string;
  ontraport?: OntraportSettings;
  infusionsoft?: InfusionsoftSettings;
  ontraportProducts: OntraportProductLookup;
  infusionsoftProductIdOf: (itemId: string) => number | undefined;
  /** From the customer history (`isRepeatCustomer`); only order events use it. */
  repeatCustomer: boolean;
  infusionsoftFacts?: InfusionsoftOrderFacts;
}

/** The order an event carries, if any: its customer goes into the history and decides new vs repeat. */
export function orderOf(routingKey: string, event: unknown): Order | undefined {
  if (routingKey === RoutingKeys.cart.orderPlaced || routingKey === RoutingKeys.cart.autoOrderRebilled) {
    return (event as { order?: Order }).order;
  }
  return undefined;
}

/**
 * The cart item ids an event mentions: the product mappings to load for it (never the whole
 * catalog, which may have 100,000 rows).
 */
export function itemIdsOf(routingKey: string, event: unknown): string[] {
  const e = event as { order?: Order; lines?: { itemId: string }[]; item?: { itemId: string }; itemId?: string; itemIds?: string[] };
  const ids = [
    ...(e.order?.lines ?? []).map((l) => l.itemId),
    ...(e.lines ?? []).map((l) => l.itemId),
    ...(e.item ? [e.item.itemId] : []),
    ...(typeof e.itemId === 'string' ? [e.itemId] : []),
    ...(e.itemIds ?? []),
  ];
  return [...new Set(ids)].filter((id) => typeof id === 'string' && id.length > 0).sort();
}

/**
 * The folders a catalog item sits in, from its category path (`/Office/Stationery/` →
 * `['Office', 'Stationery']`): folder goals fire for an order with an item in the named folder.
 */
export function foldersOf(categoryPath: string | undefined): string[] {
  return (categoryPath ?? '')
    .split('/')
    .map((f) => f.trim())
    .filter(Boolean);
}
