export * from './cascade-inputs';
export * from './customer-history';
export * from './plan-cart-event';
