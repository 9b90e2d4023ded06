export * from './lib/merchant-config';
export * from './lib/plan-order-placed';
