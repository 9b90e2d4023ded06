import { OrderImportInitial1795600000000 } from './1795600000000-initial.migration';
import { OrderImportStoredRequest1795600100000 } from './1795600100000-stored-request.migration';
import { OrderImportOutboxLease1795600200000 } from './1795600200000-outbox-lease.migration';

export const ORDER_IMPORT_SCHEMA = 'order_import';
/** Plain SQL throughout (the outbox row shares the order's transaction): no entities. */
export const ORDER_IMPORT_ENTITIES = [];
export const ORDER_IMPORT_MIGRATIONS = [OrderImportInitial1795600000000, OrderImportStoredRequest1795600100000, OrderImportOutboxLease1795600200000];
