export * from './lib/database';
export * from './lib/access/access.config';
export * from './lib/access/access.module';
export * from './lib/cascade/cascade.module';
export * from './lib/config-api/config-api.module';
export * from './lib/merchant-config/merchant-config.module';
