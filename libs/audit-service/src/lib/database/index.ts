import { Initial1732406400000 } from './1732406400000-initial.migration';
import { PartitionedTransmissions1795600000000 } from './1795600000000-partitioned-transmissions.migration';
import { BodySearchIndexAndFault1795700000000 } from './1795700000000-body-search-index-and-fault.migration';
import { MerchantBodySearch1795800000000 } from './1795800000000-merchant-body-search.migration';
import { BodySearchSmallPendingList1795900000000 } from './1795900000000-body-search-small-pending-list.migration';
import { BodySearchTerms1796000000000 } from './1796000000000-body-search-terms.migration';

export const AUDIT_SCHEMA = 'audit';
export const AUDIT_ENTITIES = [];
export const AUDIT_MIGRATIONS = [
  Initial1732406400000,
  PartitionedTransmissions1795600000000,
  BodySearchIndexAndFault1795700000000,
  MerchantBodySearch1795800000000,
  BodySearchSmallPendingList1795900000000,
  BodySearchTerms1796000000000,
];
