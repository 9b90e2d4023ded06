export * from './lib/database';
export * from './lib/delivery/delivery.module';
