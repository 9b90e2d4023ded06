import { randomUUID } from 'node:crypto';

/** Realistic transmission records: mostly ONTRAPORT/Infusionsoft CRM calls of order events, ~2 KB of bodies. */
const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu'.split(' ');
const TYPES = ['sale', 'sale', 'sale', 'contact', 'refund', 'auto-order-status', 'affiliate', 'product-sync', 'order', 'shipment', 'abandoned-cart'];
const INTEGRATIONS = ['ontraport', 'infusionsoft', 'ultracart'];

export interface Generated {
  /**
   * The record's JSON as the recorder publishes it (id, correlation id and time added), built only
   * when read: the bench reads it for its first 1,000 records (the size it prints), and building it
   * for every record cost the publisher about 4 µs of the record's CPU (plus the garbage).
   */
  readonly json: Buffer;
  /** The same record as a service hands it to TransmissionRecorder.record (which gives it an id and correlation id). */
  input: RecordInput;
  merchantId: string;
  orderId: string;
  status: string;
  occurredAt: number;
  invoice: string;
  /** The first item's SKU, e.g. `SKU-1234`: a phrase of two words found in about 0.16 % of records. */
  sku: string;
}

export interface RecordInput {
  merchantId: string;
  integration: string;
  direction: 'inbound' | 'outbound';
  type: string;
  status: 'succeeded' | 'failed' | 'retrying' | 'parked' | 'skipped';
  description: string;
  orderId: string;
  customerEmail: string;
  method: string;
  url: string;
  requestBody: string;
  responseBody: string;
  httpStatus: number;
  durationMs: number;
  attempt: number;
  occurredAt: Date;
}

function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)];
}

function status(): string {
  const r = Math.random();
  return r < 0.9 ? 'succeeded' : r < 0.95 ? 'failed' : r < 0.98 ? 'retrying' : r < 0.99 ? 'parked' : 'skipped';
}

function items(skus: readonly string[]): string {
  const out: string[] = [];
  for (const sku of skus) {
    out.push(`{"item_id":"${sku}","description":"${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} edition","quantity":${1 + Math.floor(Math.random() * 3)},"unit_cost":"${(Math.random() * 90 + 5).toFixed(2)}","weight":"${(Math.random() * 3).toFixed(2)} LB"}`);
  }
  return out.join(',');
}

/** One order's story shares a correlation id, as in the services. */
export const correlationOf = (orderId: string) => `corr-${orderId}`;

/** Record i of `count`, spread evenly (in arrival order) over the last `days` days. */
export function generate(i: number, count: number, days: number, merchants: number): Generated {
  const merchantId = `M${i % merchants}`;
  const orderId = `${merchantId}-${Math.floor(i / 3)}`;
  const occurredAt = Date.now() - days * 86_400_000 + Math.floor((i / count) * days * 86_400_000);
  const st = status();
  const email = `buyer${Math.floor(i / 3)}@example${i % 17}.com`;
  const invoice = `INV${100000000 + i}`;
  const skus = Array.from({ length: 8 }, () => `SKU-${Math.floor(Math.random() * 5000)}`);
  const request = `{"merchant_id":"${merchantId}","order_id":"${orderId}","invoice":"${invoice}","contact":{"email":"${email}","firstname":"${pick(WORDS)}","lastname":"${pick(WORDS)}","address":"${Math.floor(Math.random() * 9999)} ${pick(WORDS)} street","city":"${pick(WORDS)}ville","state":"CA","zip":"9${Math.floor(Math.random() * 9999)}","country":"US","phone":"555-${Math.floor(Math.random() * 9999)}"},"items":[${items(skus)}],"totals":{"subtotal":"120.00","tax":"9.60","shipping":"7.95","total":"137.55"},"payment":{"method":"Credit Card","card":"****1111"},"tags":["${pick(WORDS)}","${pick(WORDS)}"],"notes":"${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}"}`;
  const response = st === 'succeeded'
    ? `{"code":0,"data":{"invoice_id":${i},"contact_id":${Math.floor(i / 3)},"message":"transaction logged for ${orderId}"},"account_id":${i % 1000}}`
    : `{"code":1,"error":"upstream ${pick(WORDS)} timeout while logging ${invoice}","retry_after":${Math.floor(Math.random() * 60)}}`;
  const input = {
    merchantId,
    integration: pick(INTEGRATIONS),
    direction: Math.random() < 0.2 ? 'inbound' : 'outbound',
    type: pick(TYPES),
    status: st,
    description: `${st === 'succeeded' ? 'Logged' : 'Could not log'} order ${orderId}`,
    orderId,
    customerEmail: email,
    method: 'POST',
    url: 'https://api.ontraport.com/1/transaction/processManual',
    requestBody: request,
    responseBody: response,
    httpStatus: st === 'succeeded' ? 200 : 500,
    durationMs: Math.floor(Math.random() * 800),
    attempt: 1,
  } as const;
  return {
    get json() {
      return Buffer.from(JSON.stringify({ id: randomUUID(), ...input, correlationId: correlationOf(orderId), occurredAt: new Date(occurredAt).toISOString() }));
    },
    input: { ...input, occurredAt: new Date(occurredAt) } as RecordInput,
    merchantId,
    orderId,
    status: st,
    occurredAt,
    invoice,
    sku: skus[0],
  };
}
