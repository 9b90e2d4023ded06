export * from './lib/database';
export * from './lib/http-options';
export * from './lib/import-order.module';
export * from './lib/order-import.config';
export { ChannelPartnersService } from './lib/channel-partners/channel-partners.service';
export { OutboxRelay } from './lib/outbox/outbox.relay';
