export * from './lib/messaging-contracts';
