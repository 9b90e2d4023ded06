export * from './lib/merchant-config';
export * from './lib/plan';
export * from './lib/plan-order-placed';
export * from './lib/ontraport';
export * from './lib/infusionsoft';
export * from './lib/cascade';
export * from './lib/csv';
