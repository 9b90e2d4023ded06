import { OrderPlacedV1 } from './cart/order-placed.v1';
import { OntraportSaleV1 } from './crm/ontraport-sale.v1';
import { TransmissionRecordedV1 } from './audit/transmission-recorded.v1';
import { OntraportCredentialsRequest, QueryTransmissionsRequest } from './rpc/rpc-contracts';
import { RoutingKeys, RpcPatterns } from './routing-keys';

/** Routing key → payload class: consumers validate every message against it before handling. */
export const CONTRACTS: Record<string, new () => object> = {
  [RoutingKeys.cart.orderPlaced]: OrderPlacedV1,
  [RoutingKeys.crm.ontraportSale]: OntraportSaleV1,
  [RoutingKeys.audit.transmissionRecorded]: TransmissionRecordedV1,
  [RpcPatterns.mapping.ontraportCredentials]: OntraportCredentialsRequest,
  [RpcPatterns.audit.queryTransmissions]: QueryTransmissionsRequest,
};
