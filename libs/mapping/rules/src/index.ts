export * from './lib/plan';
export * from './lib/ontraport';
export * from './lib/infusionsoft';
export * from './lib/cascade';
export * from './lib/csv';
