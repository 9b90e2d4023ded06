import { HttpAppOptions } from '@hub/platform';
import { CATALOG_CSV_ROUTE } from './catalog/catalog.controller';
import { LEGACY_API_PATH } from './imports/legacy-api.controller';

/**
 * How the HTTP app is made (main.ts and the tests alike): on Fastify (imports are its hot path); the
 * legacy form and the catalog CSV get their bytes unparsed — the form's `order.items[0].itemId`
 * names are read exactly, not by qs.
 */
export const ORDER_IMPORT_HTTP_OPTIONS: Omit<HttpAppOptions, 'title'> = { adapter: 'fastify', rawBodyRoutes: [LEGACY_API_PATH, CATALOG_CSV_ROUTE] };
