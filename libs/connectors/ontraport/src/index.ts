export * from './lib/ontraport-rest';
