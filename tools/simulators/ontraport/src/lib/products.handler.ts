import { type ApiHandler, epochSeconds } from './api-handler.types';
import { type ApiParams, type WireRecord, listPage, money, optionalText, requiredId, toFieldText } from './api-params';
import { badRequest, notFound } from './ontraport-api.error';
import type { SimProduct } from './ontraport-simulator.types';

const ADDRESSING_KEYS = new Set(['id', 'objectID']);
const BUILT_IN_KEYS = new Set(['name', 'price', 'date', 'dlm']);

/** A non-negative amount from a number or numeric string ("47.00"), in cents. */
export function parseAmountCents(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0) throw badRequest(`Invalid ${what}`);
  return Math.round(n * 100);
}

export function productToWire(product: SimProduct): WireRecord {
  const record: Record<string, string> = {
    id: String(product.id),
    name: product.name,
    price: money(Math.round(product.price * 100)),
    ...product.fields,
    date: String(product.date),
    dlm: String(product.dlm),
  };
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v === '' ? null : v]));
}

function requiredName(params: ApiParams): string {
  const name = optionalText(params, 'name')?.trim();
  if (!name) throw badRequest('Missing required parameter: name');
  return name;
}

function extraFields(params: ApiParams): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params)
      .filter(([key]) => !ADDRESSING_KEYS.has(key) && !BUILT_IN_KEYS.has(key))
      .map(([key, value]) => [key, toFieldText(value)]),
  );
}

export const createProduct: ApiHandler = ({ store, params, now }) => {
  const name = requiredName(params);
  const priceCents =
    params['price'] === undefined || params['price'] === '' ? 0 : parseAmountCents(params['price'], 'price');
  const product = store.addProduct({
    name,
    price: priceCents / 100,
    fields: extraFields(params),
    date: epochSeconds(now),
    dlm: epochSeconds(now),
  });
  return { data: productToWire(product) };
};

/** Answers only the changed attributes inside `attrs`, like a contact update. */
export const updateProduct: ApiHandler = ({ store, params, now }) => {
  const id = requiredId(params);
  const name = requiredName(params);
  const product = store.products.get(id);
  if (!product) throw notFound();
  const priceCents = params['price'] === undefined ? undefined : parseAmountCents(params['price'], 'price');
  const changed: Record<string, string> = {};
  if (name !== product.name) changed['name'] = name;
  if (priceCents !== undefined && priceCents !== Math.round(product.price * 100)) changed['price'] = money(priceCents);
  const extra = extraFields(params);
  for (const [key, value] of Object.entries(extra)) {
    if ((product.fields[key] ?? '') !== value) changed[key] = value;
  }
  product.name = name;
  if (priceCents !== undefined) product.price = priceCents / 100;
  Object.assign(product.fields, extra);
  if (Object.keys(changed).length > 0) product.dlm = epochSeconds(now);
  return { data: { attrs: { ...changed, dlm: String(product.dlm), id: String(product.id) } } };
};

export const getProduct: ApiHandler = ({ store, params }) => {
  const product = store.products.get(requiredId(params));
  if (!product) throw notFound();
  return { data: productToWire(product) };
};

/** A single delete answers `{"code":0,"account_id":N}` with no data (OP-SDK-T mock for contacts). */
export const deleteProduct: ApiHandler = ({ store, params }) => {
  const id = requiredId(params);
  if (!store.products.delete(id)) throw notFound();
  return {};
};

export const listProducts: ApiHandler = ({ store, params }) => ({
  data: listPage([...store.products.values()].map(productToWire), params),
  list: true,
});
