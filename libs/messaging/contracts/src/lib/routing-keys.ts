/**
 * Every routing key the hub publishes, in one place: `<source>.<aggregate>.<event>.v<N>`.
 * A breaking payload change gets a new `vN`; both versions live here while consumers move.
 */
export const RoutingKeys = {
  cart: {
    orderPlaced: 'cart.order.placed.v1',
    orderRefunded: 'cart.order.refunded.v1',
    orderShipped: 'cart.order.shipped.v1',
    orderPaymentFailed: 'cart.order.payment-failed.v1',
    orderRejected: 'cart.order.rejected.v1',
    orderDeleted: 'cart.order.deleted.v1',
    autoOrderStatusChanged: 'cart.auto-order.status-changed.v1',
    autoOrderRebilled: 'cart.auto-order.rebilled.v1',
    cartAbandoned: 'cart.cart.abandoned.v1',
    itemUpserted: 'cart.item.upserted.v1',
    itemDeleted: 'cart.item.deleted.v1',
    affiliateSignedUp: 'cart.affiliate.signed-up.v1',
  },
  crm: {
    ontraportSale: 'crm.ontraport.sale.v1',
    ontraportRefund: 'crm.ontraport.refund.v1',
    ontraportAutoOrderStatus: 'crm.ontraport.auto-order-status.v1',
    ontraportAffiliateSignup: 'crm.ontraport.affiliate-signup.v1',
    ontraportProductUpsert: 'crm.ontraport.product-upsert.v1',
    ontraportProductDelete: 'crm.ontraport.product-delete.v1',
    ontraportProductSync: 'crm.ontraport.product-sync.v1',
    infusionsoftOrder: 'crm.infusionsoft.order.v1',
    infusionsoftShipment: 'crm.infusionsoft.shipment.v1',
    infusionsoftAbandonedCart: 'crm.infusionsoft.abandoned-cart.v1',
    infusionsoftAffiliate: 'crm.infusionsoft.affiliate.v1',
  },
  audit: {
    transmissionRecorded: 'audit.transmission.recorded.v1',
    /** Several records in one message (TransmissionBatchRecordedV1): what services publish now. */
    transmissionBatchRecorded: 'audit.transmission.recorded-batch.v1',
  },
} as const;

/** Request/response patterns (RPC over the same exchange, answered through direct reply-to). */
export const RpcPatterns = {
  mapping: {
    ontraportCredentials: 'rpc.mapping.ontraport-credentials.v1',
    authenticateToken: 'rpc.mapping.authenticate-token.v1',
    infusionsoftCredentials: 'rpc.mapping.infusionsoft-credentials.v1',
  },
  ontraport: {
    testCredentials: 'rpc.ontraport.test-credentials.v1',
  },
  infusionsoft: {
    testCredentials: 'rpc.infusionsoft.test-credentials.v1',
  },
  ingest: {
    setWebhookCredentials: 'rpc.ingest.webhook-credentials.set.v1',
  },
  audit: {
    queryTransmissions: 'rpc.audit.query-transmissions.v1',
    searchTransmissions: 'rpc.audit.search-transmissions.v1',
    getTransmission: 'rpc.audit.get-transmission.v1',
    orderTimeline: 'rpc.audit.order-timeline.v1',
  },
  orderImport: {
    upsertChannelPartner: 'rpc.order-import.channel-partner.upsert.v1',
    deleteChannelPartner: 'rpc.order-import.channel-partner.delete.v1',
  },
} as const;

/**
 * Every consumer queue of the hub (by owning service) and the patterns it binds; wildcards follow
 * AMQP topic rules. Each service declares all of them on connect, so nothing published is dropped
 * because its consumer has not started yet.
 */
export const CONSUMERS: Record<string, readonly string[]> = {
  mapping: ['cart.#'],
  'ontraport-connector': ['crm.ontraport.#'],
  'infusionsoft-connector': ['crm.infusionsoft.#'],
  'audit-log': ['audit.#'],
  // The catalog that imported orders are checked against.
  'order-import': ['cart.item.*.v1'],
};
