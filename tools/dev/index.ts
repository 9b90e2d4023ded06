export * from './hub-services';
export * from './launcher';
export * from './migrate';
export * from './seed-demo';
export * from './process-cpu';
