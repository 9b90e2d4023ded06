export * from './lib/database';
export * from './lib/commands/commands.module';
export * from './lib/commands/sale.service';
export { RateLimiter } from './lib/delivery/rate-limiter';
export { OntraportIdsStore } from './lib/delivery/ontraport-ids.store';
