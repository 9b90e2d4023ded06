import { changeMarker } from '@hub/domain';

/**
 * Idempotency keys of the ONTRAPORT commands. Each names the effect in ONTRAPORT, so two cart
 * events that mean the same effect (a rebill and the cart's later `order_create` of the same order)
 * share a key and the connector performs it once; a redelivered event gives the same key.
 */
export const ontraportKeys = {
  /** One sale per cart order, whichever event announced it. */
  sale: (merchantId: string, orderId: string) => `ontraport:sale:${merchantId}:${orderId}`,
  /** Refund amounts are running totals: each new total is a new refund step, the same total is a redelivery. */
  refund: (merchantId: string, orderId: string, refundedTotalMinor: number) => `ontraport:refund:${merchantId}:${orderId}:${refundedTotalMinor}`,
  autoOrderStatus: (merchantId: string, autoOrderCode: string, status: string, at: string | undefined) =>
    `ontraport:auto-order-status:${merchantId}:${autoOrderCode}:${status}:${at ?? '-'}`,
  declinedCard: (merchantId: string, orderId: string, at: string | undefined) => `ontraport:card-declined:${merchantId}:${orderId}:${at ?? '-'}`,
  affiliate: (merchantId: string, affiliateId: string, approved: boolean) => `ontraport:affiliate:${merchantId}:${affiliateId}:${approved ? 'approved' : 'pending'}`,
  /** The item's state, not the event: the same item state pushed twice is one push. */
  productUpsert: (merchantId: string, itemId: string, state: unknown) => `ontraport:product-upsert:${merchantId}:${itemId}:${changeMarker(state)}`,
  productDelete: (merchantId: string, itemId: string) => `ontraport:product-delete:${merchantId}:${itemId}`,
  productSync: (merchantId: string, requestId: string) => `ontraport:product-sync:${merchantId}:${requestId}`,
};
