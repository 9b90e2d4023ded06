import { Customer, Money, Order, toDecimalString } from '@hub/domain';

/** ONTRAPORT REST v1 wire facts (reference A.2). Object 46 is Transaction. */
export const TRANSACTION_OBJECT_ID = 46;

/** Form fields for `POST /1/Contacts/saveorupdate`, which merges on email. */
export function contactFields(customer: Customer): Record<string, string> {
  const b = customer.billing;
  const fields: Record<string, string | undefined> = {
    email: customer.email,
    firstname: customer.firstName ?? b.firstName,
    lastname: customer.lastName ?? b.lastName,
    company: b.company,
    address: b.address1,
    address2: b.address2,
    city: b.city,
    state: b.stateRegion,
    zip: b.postalCode,
    country: b.countryCode,
    office_phone: b.phone,
  };
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => !!e[1]));
}

/** `condition` for `GET /1/Products`: an exact name match. */
export function productNameCondition(name: string): string {
  return JSON.stringify([{ field: { field: 'name' }, op: '=', value: { value: name } }]);
}

/** `condition` for `GET /1/Transactions`: the transaction we logged for a cart order. */
export function externalOrderCondition(orderId: string): string {
  return JSON.stringify([{ field: { field: 'external_order_id' }, op: '=', value: { value: orderId } }]);
}

export interface ProcessManualLine {
  id: number;
  quantity: number;
  shipping: boolean;
  tax: boolean;
  taxable: boolean;
  type: 'single' | 'subscription';
  price: Array<{ price: string; payment_count: number; unit: 'day' | 'month' }>;
}

export interface ProcessManualBody {
  contact_id: number;
  chargeNow: 'chargeLog';
  trans_date?: number;
  invoice_template: number;
  external_order_id: string;
  offer: {
    products: ProcessManualLine[];
    shipping?: Array<{ name: string; price: string }>;
    hasShipping: boolean;
    hasTaxes: boolean;
    delay: number;
    subTotal: string;
    grandTotal: string;
  };
}

/** The name of the pseudo-product that carries an order's tax (a tax *rate* cannot reproduce cents exactly). */
export const TAX_PRODUCT_NAME = 'Sales Tax';

export interface SaleExtras {
  /** The product that carries the tax line; needed when the order has tax. */
  taxProductId?: number;
  /** A subscription rebill: lines are logged as `subscription` charges. */
  recurring?: boolean;
}

/**
 * `POST /1/transaction/processManual` with `chargeLog`: logs a sale the cart already charged.
 * Prices are the unit prices as charged (coupons already taken off), so the log matches the cart;
 * shipping/handling goes in `offer.shipping`, tax as its own line (WP Fusion: taxes "don't work
 * properly" over the API, so a pseudo-product carries them).
 */
export function processManualBody(order: Order, contactId: number, productIds: Record<string, number>, extras: SaleExtras = {}): ProcessManualBody {
  const shipping = order.totals.shippingHandling.minor;
  const tax = order.totals.tax.minor;
  const line = (id: number, quantity: number, unit: Money): ProcessManualLine => ({
    id,
    quantity,
    shipping: false,
    tax: false,
    taxable: false,
    type: extras.recurring ? 'subscription' : 'single',
    price: [{ price: toDecimalString(unit), payment_count: 1, unit: extras.recurring ? 'month' : 'day' }],
  });
  const products = order.lines.map((l) => {
    const id = productIds[l.itemId];
    if (id === undefined) throw new Error(`no ONTRAPORT product id for item ${l.itemId}`);
    return line(id, l.quantity, l.unitPrice);
  });
  if (tax > 0) {
    if (extras.taxProductId === undefined) throw new Error('the order has tax but no tax product id was given');
    products.push({ ...line(extras.taxProductId, 1, order.totals.tax), type: 'single', price: [{ price: toDecimalString(order.totals.tax), payment_count: 1, unit: 'day' }] });
  }
  const subTotal = order.lines.reduce((s, l) => s + l.total.minor, 0) + tax;
  const created = order.createdAt ? Date.parse(order.createdAt) : NaN;
  return {
    contact_id: contactId,
    chargeNow: 'chargeLog',
    // ONTRAPORT wants milliseconds here (epoch seconds elsewhere in its API).
    ...(Number.isFinite(created) ? { trans_date: created } : {}),
    // -1: no invoice email; the cart already sent the receipt.
    invoice_template: -1,
    external_order_id: order.orderId,
    offer: {
      products,
      ...(shipping > 0 ? { shipping: [{ name: 'Shipping & Handling', price: toDecimalString({ minor: shipping, currency: order.currency }) }] } : {}),
      hasShipping: shipping > 0,
      hasTaxes: false,
      delay: 0,
      subTotal: toDecimalString({ minor: subTotal, currency: order.currency }),
      grandTotal: toDecimalString({ minor: subTotal + shipping, currency: order.currency }),
    },
  };
}

export type ResponseClass =
  | { kind: 'ok' }
  | { kind: 'permanent'; code: string; message: string }
  | { kind: 'transient'; code: string; message: string }
  | { kind: 'rate_limited'; resetSeconds: number; message: string };

/** ONTRAPORT errors are mostly plain text with a status; this decides retry or park. */
export function classifyResponse(status: number, body: string, headers: { get(name: string): string | null }): ResponseClass {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const text = body.trim().slice(0, 500) || `HTTP ${status}`;
  if (status === 429) {
    const reset = Number(headers.get('x-rate-limit-reset'));
    return { kind: 'rate_limited', resetSeconds: Number.isFinite(reset) && reset > 0 ? reset : 60, message: text };
  }
  if (status === 401 || status === 403) return { kind: 'permanent', code: 'ONTRAPORT_AUTH', message: text };
  if (status === 408 || status >= 500) return { kind: 'transient', code: `ONTRAPORT_${status}`, message: text };
  return { kind: 'permanent', code: `ONTRAPORT_${status}`, message: text };
}

/** `condition` for any collection: one field equal to a value (e.g. a product's `external_id`). */
export function equalsCondition(field: string, value: string | number): string {
  return JSON.stringify([{ field: { field }, op: '=', value: { value } }]);
}

/** Ids come back as strings, in `data.id` on create and in `data.attrs.id` on a merge. */
export function readId(envelope: unknown): number | undefined {
  const data = (envelope as { data?: { id?: unknown; attrs?: { id?: unknown }; invoice_id?: unknown } } | undefined)?.data;
  const raw = data?.id ?? data?.attrs?.id ?? data?.invoice_id;
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) ? n : undefined;
}
