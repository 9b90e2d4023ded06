import { type ApiHandler, epochSeconds } from './api-handler.types';
import {
  type ApiParams,
  type WireRecord,
  idList,
  isPlainObject,
  listPage,
  money,
  optionalInteger,
  optionalText,
  requiredId,
  toFieldText,
} from './api-params';
import { badRequest, notFound } from './ontraport-api.error';
import type { OntraportAccountStore } from './ontraport-store';
import { parseAmountCents } from './products.handler';
import type { SimPurchase, SimTransaction, SimTransactionLine } from './ontraport-simulator.types';

const TRANSACTION_OBJECT_ID = 46;
/** `requestPayment` is seen only in third-party clients, so it is refused here on purpose. */
const CHARGE_MODES = ['chargeLog', 'chargeNow'];
const PRICE_UNITS = ['day', 'week', 'month', 'quarter', 'year'];
const OFFER_TYPES = ['single', 'subscription', 'payment_plan'];
export const REFUNDED = 'Refunded';

interface PricedLine {
  line: SimTransactionLine;
  cents: number;
  taxable: boolean;
}

function readOffer(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null || value === '') throw badRequest('Missing required parameter: offer');
  let offer = value;
  // A form-encoded call can only carry the offer as a JSON string.
  if (typeof offer === 'string') {
    try {
      offer = JSON.parse(offer);
    } catch {
      throw badRequest('Invalid offer');
    }
  }
  if (!isPlainObject(offer)) throw badRequest('Invalid offer');
  return offer;
}

function positiveNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : NaN;
}

function readLine(raw: unknown, index: number, store: OntraportAccountStore): PricedLine {
  if (!isPlainObject(raw)) throw badRequest(`Invalid product at offer.products[${index}]`);
  const id = positiveNumber(raw['id']);
  const product = Number.isInteger(id) ? store.products.get(id) : undefined;
  if (!product) throw badRequest(`Invalid product id ${toFieldText(raw['id'])}`);
  // WP Fusion: "Ontraport will throw an error for empty quantity".
  const quantity = positiveNumber(raw['quantity']);
  if (!(quantity > 0)) throw badRequest('Quantity must be greater than 0');
  if (!Number.isInteger(quantity)) throw badRequest(`Quantity must be a whole number for product ${id}`);
  const type = raw['type'];
  if (type !== undefined && !OFFER_TYPES.includes(toFieldText(type))) {
    throw badRequest(`Invalid type "${toFieldText(type)}" for product ${id}`);
  }
  let unitCents = Math.round(product.price * 100);
  const price = raw['price'];
  if (price !== undefined) {
    const first: unknown = Array.isArray(price) ? price[0] : undefined;
    if (!isPlainObject(first)) throw badRequest(`Invalid price for product ${id}`);
    unitCents = parseAmountCents(first['price'], `price for product ${id}`);
    const count = first['payment_count'];
    if (count !== undefined && !(Number.isInteger(positiveNumber(count)) && positiveNumber(count) >= 1)) {
      throw badRequest(`Invalid payment_count for product ${id}`);
    }
    const unit = first['unit'];
    if (unit !== undefined && !PRICE_UNITS.includes(toFieldText(unit))) {
      throw badRequest(`Invalid unit "${toFieldText(unit)}" for product ${id}`);
    }
  }
  return {
    line: { id, quantity, price: unitCents / 100 },
    cents: unitCents * quantity,
    taxable: raw['taxable'] === true || raw['tax'] === true,
  };
}

function optionalArray(offer: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const value = offer[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isPlainObject)) throw badRequest(`Invalid offer.${key}`);
  return value;
}

/**
 * Totals in cents: Σ unit price × quantity (the first price entry is what is charged now), plus
 * every shipping line, plus each tax's rate % of the taxable lines (and of shipping with taxShipping).
 */
function totals(
  lines: PricedLine[],
  offer: Record<string, unknown>,
): { subtotal: number; shipping: number; tax: number } {
  const subtotal = lines.reduce((sum, l) => sum + l.cents, 0);
  const taxableBase = lines.filter((l) => l.taxable).reduce((sum, l) => sum + l.cents, 0);
  const shipping = optionalArray(offer, 'shipping').reduce(
    (sum, s) => sum + (s['price'] === undefined ? 0 : parseAmountCents(s['price'], 'shipping price')),
    0,
  );
  const tax = optionalArray(offer, 'taxes').reduce((sum, t) => {
    const rate = positiveNumber(t['rate'] ?? 0);
    if (!(rate >= 0)) throw badRequest('Invalid tax rate');
    return sum + Math.round(((taxableBase + (t['taxShipping'] === true ? shipping : 0)) * rate) / 100);
  }, 0);
  return { subtotal, shipping, tax };
}

export function transactionToWire(t: SimTransaction): WireRecord {
  return {
    id: String(t.id),
    contact_id: String(t.contact_id),
    invoice_id: String(t.invoice_id),
    date: String(epochSeconds(t.trans_date)),
    status: t.status,
    subtotal: money(Math.round(t.subtotal * 100)),
    tax: money(Math.round(t.tax * 100)),
    shipping: money(Math.round(t.shipping * 100)),
    total: money(Math.round(t.total * 100)),
    external_order_id: t.external_order_id,
    offer_data: JSON.stringify(t.raw['offer'] ?? null),
  };
}

export const processManual: ApiHandler = ({ store, params, now }) => {
  const contactId = requiredId(params, 'contact_id');
  if (!store.contacts.has(contactId)) throw badRequest(`Invalid contact id ${contactId}`);
  const chargeNow = optionalText(params, 'chargeNow');
  if (!chargeNow) throw badRequest('Missing required parameter: chargeNow');
  if (!CHARGE_MODES.includes(chargeNow)) throw badRequest(`Invalid chargeNow value "${chargeNow}"`);
  if (chargeNow === 'chargeNow' && !optionalText(params, 'gateway_id')) {
    throw badRequest('gateway_id is required when chargeNow is "chargeNow"');
  }
  const offer = readOffer(params['offer']);
  const products = offer['products'];
  if (!Array.isArray(products) || products.length === 0) throw badRequest('Offer must contain at least one product');
  const lines = products.map((raw: unknown, index) => readLine(raw, index, store));
  const { subtotal, shipping, tax } = totals(lines, offer);
  const transDate = optionalInteger(params, 'trans_date') ?? now;
  // Validated only: no invoices are sent; the value stays visible in `raw`.
  optionalInteger(params, 'invoice_template', -1);
  const transaction = store.addTransaction({
    contact_id: contactId,
    chargeNow,
    products: lines.map((l) => l.line),
    subtotal: subtotal / 100,
    shipping: shipping / 100,
    tax: tax / 100,
    total: (subtotal + shipping + tax) / 100,
    status: 'paid',
    external_order_id: optionalText(params, 'external_order_id') ?? null,
    trans_date: transDate,
    refunded_at: null,
    raw: structuredClone({ ...params, offer }),
  });
  for (const { line } of lines) {
    store.addPurchase({
      contact_id: contactId,
      product_id: line.id,
      name: store.products.get(line.id)?.name ?? '',
      quantity: line.quantity,
      price: line.price,
      date: epochSeconds(transDate),
      source: 'processManual',
      transaction_id: transaction.id,
      invoice_id: transaction.invoice_id,
    });
  }
  return { data: { invoice_id: transaction.invoice_id } };
};

/** Refunds every listed transaction, or none when one id is unknown; refunding twice is a no-op. */
export const refundTransactions: ApiHandler = ({ store, params, now }) => {
  assertTransactionObject(params);
  if (params['ids'] === undefined || params['ids'] === '') throw badRequest('Missing required parameter: ids');
  const targets = idList(params['ids']).map((id) => {
    const transaction = store.transactions.get(id);
    if (!transaction) throw badRequest(`Invalid transaction id ${id}`);
    return transaction;
  });
  for (const transaction of targets) {
    if (transaction.status === 'refunded') continue;
    transaction.status = 'refunded';
    transaction.refunded_at = now;
    for (const purchase of store.purchases.values()) {
      if (purchase.transaction_id !== transaction.id || purchase.status === 'refunded') continue;
      purchase.refunded = Math.round(purchase.price * purchase.quantity * 100) / 100;
      purchase.status = 'refunded';
      purchase.refunds.push({ amount: null, at: now });
    }
  }
  return { data: REFUNDED };
};

/** The SDK requires objectID=46; WP Fusion omits it and that works too. */
function assertTransactionObject(params: ApiParams): void {
  const objectId = optionalText(params, 'objectID');
  if (objectId !== undefined && Number(objectId) !== TRANSACTION_OBJECT_ID) {
    throw badRequest(`Unsupported objectID ${objectId}`);
  }
}

export const getTransaction: ApiHandler = ({ store, params }) => {
  const transaction = store.transactions.get(requiredId(params));
  if (!transaction) throw notFound();
  return { data: transactionToWire(transaction) };
};

export const listTransactions: ApiHandler = ({ store, params }) => ({
  data: listPage([...store.transactions.values()].map(transactionToWire), params),
  list: true,
});

export function purchaseToWire(p: SimPurchase): WireRecord {
  return {
    id: String(p.id),
    contact_id: String(p.contact_id),
    product_id: String(p.product_id),
    name: p.name,
    quantity: String(p.quantity),
    price: money(Math.round(p.price * 100)),
    refunded: money(Math.round(p.refunded * 100)),
    status: p.status,
    date: String(p.date),
    invoice_id: p.invoice_id === null ? null : String(p.invoice_id),
    transaction_id: p.transaction_id === null ? null : String(p.transaction_id),
  };
}

/** `GET /1/Purchases` (read-only in the SDK), e.g. with a condition on `invoice_id`. */
export const listPurchases: ApiHandler = ({ store, params }) => ({
  data: listPage([...store.purchases.values()].map(purchaseToWire), params),
  list: true,
});
