export * from './lib/batcher';
export * from './lib/csv';
export * from './lib/keyset-cursor';
export * from './lib/partitions';
export * from './lib/search-terms';
export * from './lib/transmission-columns';
export * from './lib/transmission-sql';
