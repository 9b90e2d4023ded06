import { OrderImportInitial1795600000000 } from './1795600000000-initial.migration';

export const ORDER_IMPORT_SCHEMA = 'order_import';
/** Plain SQL throughout (the outbox row shares the order's transaction): no entities. */
export const ORDER_IMPORT_ENTITIES = [];
export const ORDER_IMPORT_MIGRATIONS = [OrderImportInitial1795600000000];
