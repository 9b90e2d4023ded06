import {
  buildContactAddXml,
  buildContactSearchByEmailXml,
  buildContactsUpdateXml,
  buildContactTagsXml,
  buildLogTransactionData,
  buildProductAddXml,
  buildProductUpdateXml,
  buildRefundXml,
  buildSearchXml,
  encodeContactsRequest,
  encodeProductsRequest,
  type TransactionProductInput,
} from '@hub/codecs-ontraport-xml';
import { toDecimalString, type Customer, type Order } from '@hub/domain';
import { TAX_PRODUCT_NAME } from './ontraport-rest';

/** One legacy XML API call: the endpoint and its form body (credentials included: redact before recording). */
export interface LegacyCall {
  path: '/pdata.php' | '/cdata.php';
  reqType: string;
  body: string;
}

export interface LegacyCredentials {
  appId: string;
  apiKey: string;
}

const products = (c: LegacyCredentials, reqType: Parameters<typeof encodeProductsRequest>[0]['reqType'], data?: string, returnId?: boolean): LegacyCall => ({
  path: '/pdata.php',
  reqType,
  body: encodeProductsRequest({ appId: c.appId, key: c.apiKey, reqType, data, returnId }),
});
const contacts = (c: LegacyCredentials, reqType: Parameters<typeof encodeContactsRequest>[0]['reqType'], data?: string, returnId?: boolean): LegacyCall => ({
  path: '/cdata.php',
  reqType,
  body: encodeContactsRequest({ appId: c.appId, key: c.apiKey, reqType, data, returnId }),
});

export const legacyRequests = {
  /** The cheapest authenticated call: the product template. */
  key: (c: LegacyCredentials) => products(c, 'key'),
  contactSearch: (c: LegacyCredentials, email: string) => contacts(c, 'search', buildContactSearchByEmailXml(email)),
  contactAdd: (c: LegacyCredentials, customer: Pick<Customer, 'email' | 'firstName' | 'lastName'> & { billing?: Customer['billing'] }) =>
    contacts(
      c,
      'add',
      buildContactAddXml({
        email: customer.email,
        ...((customer.firstName ?? customer.billing?.firstName) ? { firstName: customer.firstName ?? customer.billing?.firstName } : {}),
        ...((customer.lastName ?? customer.billing?.lastName) ? { lastName: customer.lastName ?? customer.billing?.lastName } : {}),
      }),
      true,
    ),
  /** Fields by label, all in the `Contact Information` group (custom fields live there unless moved). */
  contactUpdate: (c: LegacyCredentials, id: number, fields: Record<string, string>) =>
    contacts(c, 'update', buildContactsUpdateXml([{ id, groups: { 'Contact Information': fields } }]), true),
  tags: (c: LegacyCredentials, id: number, tags: string[], add: boolean) => contacts(c, add ? 'add_tag' : 'remove_tag', buildContactTagsXml({ contactId: id, tags })),
  productSearchByName: (c: LegacyCredentials, name: string) => products(c, 'search', buildSearchXml([{ field: 'Name', op: 'e', value: name }])),
  productAdd: (c: LegacyCredentials, name: string, price: string) => products(c, 'add', buildProductAddXml({ name, price }), true),
  productUpdate: (c: LegacyCredentials, id: number, name: string, price: string) => products(c, 'update', buildProductUpdateXml({ id, name, price }), true),
  refund: (c: LegacyCredentials, purchaseId: number, amount?: string) => products(c, 'refund', buildRefundXml({ purchaseId, ...(amount !== undefined ? { amount } : {}) })),
  logTransaction: (c: LegacyCredentials, data: string) => products(c, 'log_transaction', data),
};

export interface LegacyProductRef {
  name: string;
  productId?: number;
  externalId?: string;
}

/**
 * `log_transaction` for an order: every line at its charged unit price and quantity, the product
 * found by ONTRAPORT's own precedence (external_id → product_id → name, created when none matches),
 * then shipping/handling and tax as named lines so the purchase history adds up to the cart's total.
 * The legacy external_id is numeric: a non-numeric one is left out (the name still matches).
 */
export function legacySaleTransaction(order: Order, contactId: number, refs: Record<string, LegacyProductRef>): string {
  const lines: TransactionProductInput[] = order.lines.map((l) => {
    const ref = refs[l.itemId] ?? { name: l.itemId };
    const external = ref.externalId !== undefined && /^[1-9]\d{0,14}$/.test(ref.externalId) ? Number(ref.externalId) : undefined;
    return {
      name: ref.name,
      quantity: l.quantity,
      price: toDecimalString(l.unitPrice),
      ...(ref.productId !== undefined ? { productId: ref.productId } : {}),
      ...(external !== undefined ? { externalId: external } : {}),
    };
  });
  if (order.totals.shippingHandling.minor > 0) lines.push({ name: 'Shipping & Handling', quantity: 1, price: toDecimalString(order.totals.shippingHandling) });
  if (order.totals.tax.minor > 0) lines.push({ name: TAX_PRODUCT_NAME, quantity: 1, price: toDecimalString(order.totals.tax) });
  const created = order.createdAt ? new Date(order.createdAt) : undefined;
  return buildLogTransactionData({ contactId, products: lines, ...(created && !Number.isNaN(created.getTime()) ? { date: created } : {}) });
}

export type LegacyVerdict = { kind: 'ok' } | { kind: 'auth'; message: string } | { kind: 'refused'; message: string };

/** The legacy API answers 200 with `<result>failure …` for every refusal; a refused key is told apart by its words. */
export function classifyLegacyFailure(failure: string): LegacyVerdict {
  const message = failure.trim() || 'failure';
  return /app ?id|api key|\bkey\b|authenticat|permission/i.test(message) ? { kind: 'auth', message } : { kind: 'refused', message };
}
