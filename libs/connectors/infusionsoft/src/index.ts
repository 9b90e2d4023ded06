export * from './lib/infusionsoft-endpoint';
export * from './lib/call-outcome';
export * from './lib/cascade-port';
export * from './lib/cascades';
