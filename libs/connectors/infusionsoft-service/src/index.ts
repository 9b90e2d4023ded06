export * from './lib/database';
export * from './lib/delivery/delivery.module';
export { DeliveryStore } from './lib/delivery/delivery.store';
