export * from './lib/money';
export * from './lib/order';
export * from './lib/ultracart/ultracart-order';
export * from './lib/ultracart/to-canonical-order';
export * from './lib/ultracart/webhook-envelope';
