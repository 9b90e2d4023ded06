export * from './lib/database.config';
export * from './lib/service-data-source';
export * from './lib/persistence.module';
export * from './lib/claim-lease';
export * from './lib/claim-hold';
export * from './lib/connection-budget';
export * from './lib/unreleased-claims';
