export * from './lib/routing-keys';
export * from './lib/common';
export * from './lib/cart/order-placed.v1';
export * from './lib/crm/ontraport-sale.v1';
export * from './lib/audit/transmission-recorded.v1';
export * from './lib/rpc/rpc-contracts';
export * from './lib/registry';
