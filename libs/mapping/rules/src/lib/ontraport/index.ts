export * from './ontraport-settings';
export * from './ontraport-product-lookup';
export * from './ontraport-keys';
export * from './plan-ontraport';
export * from './plan-ontraport-event';
export * from './conversion-pixel';
