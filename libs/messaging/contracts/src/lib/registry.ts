import { AffiliateSignedUpV1 } from './cart/affiliate-signed-up.v1';
import { AutoOrderRebilledV1 } from './cart/auto-order-rebilled.v1';
import { AutoOrderStatusChangedV1 } from './cart/auto-order-status-changed.v1';
import { CartAbandonedV1 } from './cart/cart-abandoned.v1';
import { ItemDeletedV1 } from './cart/item-deleted.v1';
import { ItemUpsertedV1 } from './cart/item-upserted.v1';
import { OrderDeletedV1 } from './cart/order-deleted.v1';
import { OrderPaymentFailedV1 } from './cart/order-payment-failed.v1';
import { OrderPlacedV1 } from './cart/order-placed.v1';
import { OrderRefundedV1 } from './cart/order-refunded.v1';
import { OrderRejectedV1 } from './cart/order-rejected.v1';
import { OrderShippedV1 } from './cart/order-shipped.v1';
import { OntraportSaleV1 } from './crm/ontraport-sale.v1';
import { OntraportRefundV1 } from './crm/ontraport-refund.v1';
import { OntraportAffiliateSignupV1, OntraportAutoOrderStatusV1 } from './crm/ontraport-contact-updates.v1';
import { OntraportProductDeleteV1, OntraportProductSyncV1, OntraportProductUpsertV1 } from './crm/ontraport-products.v1';
import { OntraportTestCredentialsRequest } from './crm/ontraport-rpc.v1';
import { InfusionsoftOrderV1 } from './crm/infusionsoft-order.v1';
import { InfusionsoftAbandonedCartV1, InfusionsoftAffiliateV1, InfusionsoftShipmentV1 } from './crm/infusionsoft-contact-commands.v1';
import { InfusionsoftCredentialsRequest, InfusionsoftTestCredentialsRequest } from './crm/infusionsoft-rpc.v1';
import { TransmissionRecordedV1 } from './audit/transmission-recorded.v1';
import { MAX_TRANSMISSION_BATCH_RECORDS, TransmissionBatchRecordedV1 } from './audit/transmission-batch-recorded.v1';
import { GetTransmissionRequest, OrderTimelineRequest, SearchTransmissionsRequest } from './audit/transmission-queries.v1';
import { OntraportCredentialsRequest, QueryTransmissionsRequest } from './rpc/rpc-contracts';
import { AuthenticateTokenRequest } from './rpc/authenticate-token.v1';
import { SetWebhookCredentialsRequest } from './rpc/ingest-webhook-credentials';
import { DeleteChannelPartnerRequest, UpsertChannelPartnerRequest } from './rpc/order-import-channel-partner';
import { RoutingKeys, RpcPatterns } from './routing-keys';

/** Routing key → payload class: consumers validate every message against it before handling. */
export const CONTRACTS: Record<string, new () => object> = {
  [RoutingKeys.cart.orderPlaced]: OrderPlacedV1,
  [RoutingKeys.cart.orderRefunded]: OrderRefundedV1,
  [RoutingKeys.cart.orderShipped]: OrderShippedV1,
  [RoutingKeys.cart.orderPaymentFailed]: OrderPaymentFailedV1,
  [RoutingKeys.cart.orderRejected]: OrderRejectedV1,
  [RoutingKeys.cart.orderDeleted]: OrderDeletedV1,
  [RoutingKeys.cart.autoOrderStatusChanged]: AutoOrderStatusChangedV1,
  [RoutingKeys.cart.autoOrderRebilled]: AutoOrderRebilledV1,
  [RoutingKeys.cart.cartAbandoned]: CartAbandonedV1,
  [RoutingKeys.cart.itemUpserted]: ItemUpsertedV1,
  [RoutingKeys.cart.itemDeleted]: ItemDeletedV1,
  [RoutingKeys.cart.affiliateSignedUp]: AffiliateSignedUpV1,
  [RoutingKeys.crm.ontraportSale]: OntraportSaleV1,
  [RoutingKeys.crm.ontraportRefund]: OntraportRefundV1,
  [RoutingKeys.crm.ontraportAutoOrderStatus]: OntraportAutoOrderStatusV1,
  [RoutingKeys.crm.ontraportAffiliateSignup]: OntraportAffiliateSignupV1,
  [RoutingKeys.crm.ontraportProductUpsert]: OntraportProductUpsertV1,
  [RoutingKeys.crm.ontraportProductDelete]: OntraportProductDeleteV1,
  [RoutingKeys.crm.ontraportProductSync]: OntraportProductSyncV1,
  [RpcPatterns.ontraport.testCredentials]: OntraportTestCredentialsRequest,
  [RoutingKeys.audit.transmissionRecorded]: TransmissionRecordedV1,
  [RoutingKeys.audit.transmissionBatchRecorded]: TransmissionBatchRecordedV1,
  [RoutingKeys.crm.infusionsoftOrder]: InfusionsoftOrderV1,
  [RoutingKeys.crm.infusionsoftShipment]: InfusionsoftShipmentV1,
  [RoutingKeys.crm.infusionsoftAbandonedCart]: InfusionsoftAbandonedCartV1,
  [RoutingKeys.crm.infusionsoftAffiliate]: InfusionsoftAffiliateV1,
  [RpcPatterns.mapping.infusionsoftCredentials]: InfusionsoftCredentialsRequest,
  [RpcPatterns.infusionsoft.testCredentials]: InfusionsoftTestCredentialsRequest,
  [RpcPatterns.mapping.ontraportCredentials]: OntraportCredentialsRequest,
  [RpcPatterns.mapping.authenticateToken]: AuthenticateTokenRequest,
  [RpcPatterns.ingest.setWebhookCredentials]: SetWebhookCredentialsRequest,
  [RpcPatterns.audit.queryTransmissions]: QueryTransmissionsRequest,
  [RpcPatterns.orderImport.upsertChannelPartner]: UpsertChannelPartnerRequest,
  [RpcPatterns.orderImport.deleteChannelPartner]: DeleteChannelPartnerRequest,
  [RpcPatterns.audit.searchTransmissions]: SearchTransmissionsRequest,
  [RpcPatterns.audit.getTransmission]: GetTransmissionRequest,
  [RpcPatterns.audit.orderTimeline]: OrderTimelineRequest,
};

/** A message that carries several items, each of them the body of another routing key's message. */
export interface BatchContract {
  /** The envelope's array of items. */
  field: string;
  /** The routing key whose contract each item is checked against, alone; a bad item is parked as a message of that key. */
  itemKey: string;
  maxItems: number;
}

/** Routing key → how its items are checked (consumers: HubRmqServer). The envelope itself is in CONTRACTS. */
export const BATCH_CONTRACTS: Record<string, BatchContract> = {
  [RoutingKeys.audit.transmissionBatchRecorded]: { field: 'records', itemKey: RoutingKeys.audit.transmissionRecorded, maxItems: MAX_TRANSMISSION_BATCH_RECORDS },
};
