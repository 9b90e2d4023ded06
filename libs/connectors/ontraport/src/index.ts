export * from './lib/ontraport-rest';
export * from './lib/rate-limit';
export * from './lib/refund-allocation';
export * from './lib/legacy-requests';
