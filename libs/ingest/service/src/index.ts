export * from './lib/database';
export * from './lib/http-options';
export * from './lib/credentials/credentials.module';
export * from './lib/webhooks/ingest.config';
export * from './lib/webhooks/webhooks.module';
export { DedupeStore } from './lib/webhooks/dedupe.store';
export { WebhookAuthService } from './lib/webhooks/webhook-auth.service';
