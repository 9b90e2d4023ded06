import {
  type DecodedEquation,
  type PurchaseOutput,
  type RecordOutput,
  type RequestRecord,
  decodeContactsData,
  decodeProductsData,
  decodeRequestForm,
  encodeFailureResponse,
  encodeKeyResponse,
  encodeResponse,
  isCodecError,
  CONTACTS_REQ_TYPES,
  PRODUCTS_REQ_TYPES,
} from '@hub/codecs-ontraport-xml';
import { epochSeconds } from './api-handler.types';
import type { OntraportAccountStore } from './ontraport-store';
import type { SimContact, SimProduct, SimPurchase } from './ontraport-simulator.types';

/**
 * The legacy XML API (reference A.1): `POST /pdata.php` (products, purchases) and `/cdata.php`
 * (contacts), form-encoded `appid`, `key`, `reqType`, `data`. Every answer is HTTP 200 with XML:
 * `<result>…<status>Success</status></result>` or `<result>failure …</result>` (the form OP-CF
 * detects; the detail text is our choice, [UNCONFIRMED] upstream).
 */
export const LEGACY_PATHS = { products: '/pdata.php', contacts: '/cdata.php' } as const;
export const LEGACY_NOT_AUTHENTICATED = 'Invalid App ID or API Key';

export interface LegacyReply {
  status: number;
  body: string;
}

class LegacyFailure extends Error {}
const fail = (detail: string): never => {
  throw new LegacyFailure(detail);
};
const ok = (body: string): LegacyReply => ({ status: 200, body });

/** The credentials of a legacy form body, or undefined when it has none (a failure for the caller). */
export function legacyCredentials(body: string): { appId: string; key: string } | undefined {
  try {
    const form = decodeRequestForm(body);
    return { appId: form.appId, key: form.key };
  } catch {
    return undefined;
  }
}

export function legacyFailure(detail: string): LegacyReply {
  return ok(encodeFailureResponse(detail));
}

export function handleLegacyRequest(path: string, store: OntraportAccountStore, body: string, now: number): LegacyReply {
  try {
    const form = decodeRequestForm(body);
    if (path === LEGACY_PATHS.products) {
      if (!(PRODUCTS_REQ_TYPES as readonly string[]).includes(form.reqType)) fail(`Invalid reqType ${form.reqType}`);
      return products(store, decodeProductsData(form.reqType as (typeof PRODUCTS_REQ_TYPES)[number], form.data), form.returnId, now);
    }
    if (!(CONTACTS_REQ_TYPES as readonly string[]).includes(form.reqType)) fail(`Invalid reqType ${form.reqType}`);
    return contacts(store, decodeContactsData(form.reqType as (typeof CONTACTS_REQ_TYPES)[number], form.data), form.returnId, form.forceAdd, now);
  } catch (error) {
    if (error instanceof LegacyFailure) return legacyFailure(error.message);
    if (isCodecError(error)) return legacyFailure(`Invalid data: ${error.message}`);
    throw error;
  }
}

const SUCCESS = encodeResponse({ status: 'Success' });
const cents = (amount: number): number => Math.round(amount * 100);

// ---- contacts (cdata.php) ----------------------------------------------------------------------

/** Field labels of the `Contact Information` group kept as the contact's own properties. */
const CONTACT_LABELS: Record<string, 'email' | 'firstname' | 'lastname'> = { Email: 'email', 'E-Mail': 'email', 'E-mail': 'email', 'First Name': 'firstname', 'Last Name': 'lastname' };

function contactOutput(c: SimContact, store: OntraportAccountStore): RecordOutput {
  const tagNames = [...store.tagIds].filter(([, id]) => c.tags.includes(id)).map(([name]) => name);
  return {
    id: c.id,
    groups: [
      { name: 'Contact Information', fields: [{ name: 'First Name', value: c.firstname }, { name: 'Last Name', value: c.lastname }, { name: 'Email', value: c.email }, ...Object.entries(c.fields).map(([name, value]) => ({ name, value }))] },
      { name: 'Sequences and Tags', fields: [{ name: 'Contact Tags', value: tagNames }] },
    ],
  };
}

function applyContactRecord(contact: SimContact, record: RequestRecord, store: OntraportAccountStore, now: number): void {
  for (const group of record.groups) {
    for (const field of group.fields) {
      const own = CONTACT_LABELS[field.name];
      if (own) contact[own] = field.value;
      else if (field.name === 'Contact Tags') contact.tags = [...new Set([...contact.tags, ...field.value.split('*/*').filter((t) => t.trim() !== '').map((t) => store.tagId(t))])];
      else contact.fields[field.name] = field.value;
    }
  }
  contact.dlm = epochSeconds(now);
}

function matches(value: string, eq: DecodedEquation): boolean {
  const wanted = eq.value.toLowerCase();
  const v = value.toLowerCase();
  const n = Number(value.replace(/[$,]/g, ''));
  const w = Number(eq.value);
  switch (eq.op) {
    case 'e': return v === wanted || (value !== '' && Number.isFinite(n) && n === w);
    case 'n': return v !== wanted;
    case 's': return v.startsWith(wanted);
    case 'c': return v.includes(wanted);
    case 'k': return !v.includes(wanted);
    case 'l': return n < w;
    case 'g': return n > w;
    case 'm': return n <= w;
    case 'h': return n >= w;
    default: return false;
  }
}

function contactValue(c: SimContact, label: string): string {
  const own = CONTACT_LABELS[label];
  return own ? c[own] : c.fields[label] ?? '';
}

function contacts(store: OntraportAccountStore, req: ReturnType<typeof decodeContactsData>, returnId: boolean, forceAdd: boolean, now: number): LegacyReply {
  switch (req.reqType) {
    case 'search': {
      const found = [...store.contacts.values()].filter((c) => req.equations.every((eq) => matches(contactValue(c, eq.field), eq)));
      return ok(found.length ? encodeResponse({ contacts: found.map((c) => contactOutput(c, store)) }) : encodeResponse({ message: '0' }));
    }
    case 'add': {
      const out = req.contacts.map((record) => {
        const email = record.groups.flatMap((g) => g.fields).find((f) => CONTACT_LABELS[f.name] === 'email')?.value ?? '';
        // Without f_add the account's email-match rule merges into the existing contact (OP-WIKI).
        const existing = !forceAdd && email ? store.findContactByEmail(email) : undefined;
        const contact = existing ?? store.addContact({ email: '', firstname: '', lastname: '', owner: 1, fields: {}, tags: [], date: epochSeconds(now), dlm: epochSeconds(now) });
        applyContactRecord(contact, record, store, now);
        return contact;
      });
      return ok(returnId ? encodeResponse({ contacts: out.map((c) => contactOutput(c, store)), status: 'Success' }) : SUCCESS);
    }
    case 'update': {
      const out = req.contacts.map((record) => {
        const contact = record.id === undefined ? undefined : store.contacts.get(record.id);
        if (!contact) return fail(`Invalid contact id ${record.id ?? ''}`);
        applyContactRecord(contact, record, store, now);
        return contact;
      });
      return ok(returnId ? encodeResponse({ contacts: out.map((c) => contactOutput(c, store)), status: 'Success' }) : SUCCESS);
    }
    case 'fetch': {
      const found = req.contactIds.map((id) => store.contacts.get(id)).filter((c): c is SimContact => !!c);
      return ok(encodeResponse({ contacts: found.map((c) => contactOutput(c, store)) }));
    }
    case 'add_tag':
    case 'remove_tag': {
      for (const { id, tags } of req.contacts) {
        const contact = store.contacts.get(id) ?? fail(`Invalid contact id ${id}`);
        const ids = tags.map((t) => store.tagId(t));
        contact.tags = req.reqType === 'add_tag' ? [...new Set([...contact.tags, ...ids])] : contact.tags.filter((t) => !ids.includes(t));
      }
      return ok(SUCCESS);
    }
    case 'key':
      // The contact template: the groups and fields this account's contacts have (OP-CF reads `//result/contact/Group_Tag/field`).
      return ok(
        encodeKeyResponse([
          {
            object: 'contact',
            attributes: ['id'],
            groups: [
              { name: 'Contact Information', fields: [{ name: 'First Name', type: 'text' }, { name: 'Last Name', type: 'text' }, { name: 'Email', type: 'email' }, ...customLabels(store).map((name) => ({ name, type: 'text' }))] },
              { name: 'Sequences and Tags', fields: [{ name: 'Contact Tags', type: 'tags' }, { name: 'Sequences', type: 'sequences' }] },
            ],
            fields: [],
          },
        ]),
      );
    default:
      return fail(`reqType ${req.reqType} is not simulated`);
  }
}

/** Custom field labels in use on the account's contacts, sorted. */
function customLabels(store: OntraportAccountStore): string[] {
  return [...new Set([...store.contacts.values()].flatMap((c) => Object.keys(c.fields)))].sort();
}

// ---- products and purchases (pdata.php) -------------------------------------------------------

function productOutput(p: SimProduct): RecordOutput {
  return { id: p.id, groups: [{ name: 'Product Details', fields: [{ name: 'Name', value: p.name }, { name: 'Price', type: 'price', value: p.price }] }] };
}

function purchaseOutput(p: SimPurchase): PurchaseOutput {
  return {
    id: p.id,
    contactId: p.contact_id,
    productId: p.product_id,
    fieldList: [
      { name: 'Name', value: p.name },
      { name: 'Price', type: 'price', value: Math.round((p.price - p.refunded / p.quantity) * 100) / 100 },
      { name: 'Quantity', type: 'numeric', value: p.quantity },
      { name: 'Status', value: p.status },
      { name: 'Date', type: 'timestamp', value: new Date(p.date * 1000) },
    ],
  };
}

function productFields(record: RequestRecord): { name?: string; price?: number; rest: Record<string, string> } {
  const out: { name?: string; price?: number; rest: Record<string, string> } = { rest: {} };
  for (const f of record.groups.flatMap((g) => g.fields)) {
    if (f.name === 'Name') out.name = f.value.trim();
    else if (f.name === 'Price') {
      const price = Number(f.value.replace(/[$,]/g, ''));
      if (!Number.isFinite(price) || price < 0) fail(`Invalid price ${f.value}`);
      out.price = price;
    } else out.rest[f.name] = f.value;
  }
  return out;
}

function productValue(p: SimProduct, label: string): string {
  if (label === 'Name') return p.name;
  if (label === 'Price') return p.price.toFixed(2);
  return p.fields[label] ?? p.fields[label.toLowerCase()] ?? '';
}

function products(store: OntraportAccountStore, req: ReturnType<typeof decodeProductsData>, returnId: boolean, now: number): LegacyReply {
  const ts = epochSeconds(now);
  switch (req.reqType) {
    case 'add': {
      const f = productFields(req.product);
      if (!f.name && f.price === undefined) fail('At least one product field is needed');
      const p = store.addProduct({ name: f.name ?? '', price: f.price ?? 0, fields: f.rest, date: ts, dlm: ts });
      return ok(returnId ? encodeResponse({ products: [productOutput(p)], status: 'Success' }) : SUCCESS);
    }
    case 'update': {
      const p = (req.product.id !== undefined ? store.products.get(req.product.id) : undefined) ?? fail(`Invalid product id ${req.product.id ?? ''}`);
      const f = productFields(req.product);
      if (f.name !== undefined) p.name = f.name;
      if (f.price !== undefined) p.price = f.price;
      Object.assign(p.fields, f.rest);
      p.dlm = ts;
      return ok(returnId ? encodeResponse({ products: [productOutput(p)], status: 'Success' }) : SUCCESS);
    }
    case 'fetch':
      return ok(encodeResponse({ products: req.productIds.map((id) => store.products.get(id)).filter((p): p is SimProduct => !!p).map(productOutput) }));
    case 'search': {
      const found = [...store.products.values()].filter((p) => req.equations.every((eq) => matches(productValue(p, eq.field), eq)));
      // "Product details of matching entries (if any), 0 if no results are found."
      return ok(found.length ? encodeResponse({ products: found.map(productOutput) }) : encodeResponse({ message: '0' }));
    }
    case 'sale': {
      const contact = store.contacts.get(req.contactId) ?? fail(`Invalid contact id ${req.contactId}`);
      const product = store.products.get(req.productId) ?? fail(`Invalid product id ${req.productId}`);
      const priceField = req.fields.find((f) => f.name === 'Price');
      const quantityField = req.fields.find((f) => f.name === 'Quantity');
      const price = priceField ? Number(priceField.value.replace(/[$,]/g, '')) : product.price;
      const quantity = quantityField ? Number(quantityField.value) : 1;
      if (!Number.isFinite(price) || price < 0) fail(`Invalid price ${priceField?.value ?? ''}`);
      if (!Number.isInteger(quantity) || quantity < 1) fail(`Invalid quantity ${quantityField?.value ?? ''}`);
      const p = store.addPurchase({ contact_id: contact.id, product_id: product.id, name: product.name, quantity, price, date: ts, source: 'sale', transaction_id: null, invoice_id: null });
      return ok(returnId ? encodeResponse({ purchases: [purchaseOutput(p)], status: 'Success' }) : SUCCESS);
    }
    case 'log_transaction': {
      const contact = store.contacts.get(req.contactId) ?? fail(`Invalid contact id ${req.contactId}`);
      const date = req.date ? epochSeconds(req.date.getTime()) : ts;
      const created = req.products.map((line, i) => {
        // ID precedence (official Products API page): external_id, then product_id, then name — created when none matches.
        const byExternal = line.externalId !== undefined ? [...store.products.values()].find((p) => p.fields['external_id'] === String(line.externalId)) : undefined;
        const byId = line.productId !== undefined ? store.products.get(line.productId) : undefined;
        const byName = line.name !== undefined ? [...store.products.values()].find((p) => p.name.toLowerCase() === line.name?.toLowerCase()) : undefined;
        let product = byExternal ?? byId ?? byName;
        if (!product) {
          if (line.name === undefined) fail(`Product ${i + 1}: no product matches and no name was given`);
          product = store.addProduct({ name: line.name ?? '', price: line.price ?? 0, fields: line.externalId !== undefined ? { external_id: String(line.externalId) } : {}, date: ts, dlm: ts });
        }
        const quantity = line.quantity ?? 1;
        return { product, quantity, price: line.price ?? product.price };
      });
      const purchases = created.map(({ product, quantity, price }) =>
        store.addPurchase({ contact_id: contact.id, product_id: product.id, name: product.name, quantity, price, date, source: 'log_transaction', transaction_id: null, invoice_id: null }),
      );
      return ok(encodeResponse({ purchases: purchases.map(purchaseOutput), status: 'Success' }));
    }
    case 'refund': {
      const p = store.purchases.get(req.purchaseId) ?? fail(`Invalid purchase id ${req.purchaseId}`);
      const total = cents(p.price * p.quantity);
      const left = total - cents(p.refunded);
      const amount = req.amount === undefined ? left : cents(req.amount);
      // "Refund amount (cannot exceed original purchase price)".
      if (amount > left) fail(`Refund amount ${(amount / 100).toFixed(2)} exceeds the ${(left / 100).toFixed(2)} left on purchase ${p.id}`);
      p.refunded = (cents(p.refunded) + amount) / 100;
      p.status = cents(p.refunded) >= total ? 'refunded' : 'partially refunded';
      p.refunds.push({ amount: req.amount === undefined ? null : amount / 100, at: now });
      return ok(SUCCESS);
    }
    case 'delete':
      if (!store.purchases.delete(req.purchaseId)) fail(`Invalid purchase id ${req.purchaseId}`);
      return ok(SUCCESS);
    case 'search_purchase': {
      const found = [...store.purchases.values()].filter((p) => req.equations.every((eq) => matches(purchaseValue(p, eq.field), eq)));
      return ok(encodeResponse({ purchases: found.map(purchaseOutput), purchaseElement: 'purchase' }));
    }
    case 'key':
      return ok(
        encodeKeyResponse([
          { object: 'product', attributes: ['id'], groups: [{ name: 'Product Details', fields: [{ name: 'Name', type: 'text' }, { name: 'Price', type: 'price' }] }], fields: [] },
          { object: 'purchases', attributes: ['contact_id', 'product_id', 'id'], groups: [], fields: [{ name: 'Name', type: 'text' }, { name: 'Price', type: 'price' }, { name: 'Status', type: 'tdrop' }, { name: 'Quantity', type: 'numeric' }, { name: 'Date', type: 'timestamp' }] },
        ]),
      );
    default:
      return fail(`reqType ${req.reqType} is not simulated`);
  }
}

function purchaseValue(p: SimPurchase, label: string): string {
  switch (label) {
    case 'Name':
    case 'Product Name': return p.name;
    case 'Price': return p.price.toFixed(2);
    case 'Quantity': return String(p.quantity);
    case 'Status': return p.status;
    case 'contact_id': return String(p.contact_id);
    case 'product_id': return String(p.product_id);
    default: return '';
  }
}
