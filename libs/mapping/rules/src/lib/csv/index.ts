export * from './product-mapping-csv';
