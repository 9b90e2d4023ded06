export * from './lib/test-namespace';
export * from './lib/pg-schema';
export * from './lib/amqp-vhost';
export * from './lib/tcp-proxy';
export * from './lib/wait-for';
export * from './lib/free-port';
export * from './lib/queue-inspector';
export * from './lib/ultracart-fixtures';
