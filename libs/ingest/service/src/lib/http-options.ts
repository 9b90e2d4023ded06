import { HttpAppOptions } from '@hub/platform';

/**
 * How ingest's HTTP app is made (main.ts and the tests alike): on Fastify (the cart's deliveries are
 * its hot path); the cart webhook gets its bytes unparsed (they are parsed off the event loop); the
 * other routes keep them beside the JSON, for signatures over the body as sent.
 */
export const INGEST_HTTP_OPTIONS: Omit<HttpAppOptions, 'title'> = { adapter: 'fastify', rawBody: true, rawBodyRoutes: ['/webhooks/ultracart'] };
