import { Injectable } from '@nestjs/common';
import type { Order } from '@hub/domain';
import { contactFields, equalsCondition, externalOrderCondition, processManualBody, productNameCondition, readId, TAX_PRODUCT_NAME, TRANSACTION_OBJECT_ID } from '@hub/ontraport-core';
import { TransientError } from '@hub/platform';
import { PING_MAX_RATE_WAIT_MS, type Ctx, type OntraportGateway, type ProductRef, type SaleRecord } from './ontraport-gateway';
import { Credentials, OntraportHttpClient } from './ontraport-http.client';
import { OntraportIdsStore } from './ontraport-ids.store';

interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: unknown;
}

/** ONTRAPORT REST v1 (reference A.2): JSON envelopes `{code, data, account_id}`, plain-text errors. */
@Injectable()
export class RestGateway implements OntraportGateway {
  readonly api = 'rest' as const;

  constructor(
    private readonly http: OntraportHttpClient,
    private readonly ids: OntraportIdsStore,
  ) {}

  private async call<T>(creds: Credentials, req: RestRequest, ctx: Ctx, type: string, description: string, opts: { maxRateWaitMs?: number } = {}): Promise<T> {
    const headers: Record<string, string> = { 'Api-Appid': creds.appId, 'Api-Key': creds.apiKey, Accept: 'application/json' };
    let body: string | undefined;
    if (req.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    } else if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(req.json);
    }
    const answer = await this.http.send(creds, { method: req.method, path: `/1/${req.path}`, query: req.query, headers, body }, { ...ctx, type, description }, opts);
    try {
      return JSON.parse(answer.text) as T;
    } catch {
      throw new TransientError('ONTRAPORT_BAD_RESPONSE', `ONTRAPORT answered ${answer.status} to ${req.method} /1/${req.path} with a body that is not JSON`);
    }
  }

  async ping(creds: Credentials, ctx: Ctx): Promise<void> {
    await this.call(creds, { method: 'GET', path: 'Products', query: { range: '1' } }, ctx, 'credentials', 'Test the App ID and API key', { maxRateWaitMs: PING_MAX_RATE_WAIT_MS });
  }

  async findOrCreateContact(creds: Credentials, customer: Parameters<OntraportGateway['findOrCreateContact']>[1], ctx: Ctx): Promise<number> {
    const contact = await this.call(creds, { method: 'POST', path: 'Contacts/saveorupdate', form: contactFields({ billing: {}, ...customer }) }, ctx, 'contact', `Find or create contact ${customer.email}`);
    return required(readId(contact), 'contact id');
  }

  async updateContact(creds: Credentials, contactId: number, fields: Record<string, string>, ctx: Ctx): Promise<void> {
    await this.call(creds, { method: 'PUT', path: 'Contacts', form: { id: String(contactId), ...fields } }, ctx, 'contact', `Update contact ${contactId}: ${Object.keys(fields).join(', ')}`);
  }

  async changeTags(creds: Credentials, contactId: number, tags: string[], add: boolean, ctx: Ctx): Promise<void> {
    const json = { objectID: 0, ids: [contactId], [add ? 'add_names' : 'remove_names']: tags };
    await this.call(creds, { method: add ? 'PUT' : 'DELETE', path: 'objects/tagByName', json }, ctx, 'tag', `${add ? 'Add' : 'Remove'} tag(s) ${tags.join(', ')} ${add ? 'to' : 'from'} contact ${contactId}`);
  }

  async logSale(creds: Credentials, order: Order, contactId: number, refs: Record<string, ProductRef>, opts: { recurring: boolean; mayExist: boolean }, ctx: Ctx): Promise<SaleRecord> {
    const productIds: Record<string, number> = {};
    for (const line of order.lines) {
      productIds[line.itemId] ??= await this.productFor(creds, refs[line.itemId] ?? { name: line.itemId }, (line.unitPrice.minor / 100).toFixed(2), ctx);
    }
    const taxProductId = order.totals.tax.minor > 0 ? await this.productFor(creds, { name: TAX_PRODUCT_NAME }, '0.00', ctx) : undefined;
    if (opts.mayExist) {
      const found = await this.call<{ data?: Array<{ id: string; invoice_id?: string }> }>(
        creds,
        { method: 'GET', path: 'Transactions', query: { condition: externalOrderCondition(order.orderId), range: '1' } },
        ctx,
        'transaction',
        `Look for an earlier attempt's sale of order ${order.orderId}`,
      );
      const earlier = found.data?.[0];
      if (earlier) return { api: 'rest', contactId, productIds, invoiceId: Number(earlier.invoice_id), transactionId: Number(earlier.id), foundEarlier: true };
    }
    const sale = await this.call(
      creds,
      { method: 'POST', path: 'transaction/processManual', json: processManualBody(order, contactId, productIds, { taxProductId, recurring: opts.recurring }) },
      ctx,
      'sale',
      `Log ${opts.recurring ? 'recurring ' : ''}sale of order ${order.orderId} (${order.lines.length} item(s)${order.totals.shippingHandling.minor ? ', shipping' : ''}${order.totals.tax.minor ? ', tax' : ''})`,
    );
    return { api: 'rest', contactId, productIds, invoiceId: required(readId(sale), 'invoice id') };
  }

  async purchasesOf(creds: Credentials, sale: SaleRecord, ctx: Ctx): Promise<{ purchases: Array<{ id: number; totalMinor: number }>; transactionId?: number }> {
    if (sale.invoiceId === undefined) throw new TransientError('ONTRAPORT_NO_INVOICE', 'the logged sale has no invoice id to find its purchases by');
    const found = await this.call<{ data?: Array<{ id: string; price: string; quantity: string; transaction_id?: string }> }>(
      creds,
      { method: 'GET', path: 'Purchases', query: { condition: equalsCondition('invoice_id', sale.invoiceId), range: '50' } },
      ctx,
      'purchase',
      `Find the purchases of invoice ${sale.invoiceId}`,
    );
    const rows = found.data ?? [];
    if (!rows.length) throw new TransientError('ONTRAPORT_NO_PURCHASES', `ONTRAPORT shows no purchases for invoice ${sale.invoiceId} yet`);
    return {
      purchases: rows.map((r) => ({ id: Number(r.id), totalMinor: Math.round(Number(r.price) * 100) * Number(r.quantity) })),
      transactionId: rows[0].transaction_id ? Number(rows[0].transaction_id) : undefined,
    };
  }

  async refundWhole(creds: Credentials, sale: SaleRecord, ctx: Ctx): Promise<void> {
    const transactionId = sale.transactionId ?? (await this.purchasesOf(creds, sale, ctx)).transactionId;
    if (transactionId === undefined) throw new TransientError('ONTRAPORT_NO_TRANSACTION', `no transaction found for invoice ${sale.invoiceId}`);
    await this.call(creds, { method: 'PUT', path: 'transaction/refund', json: { objectID: TRANSACTION_OBJECT_ID, ids: [transactionId] } }, ctx, 'refund', `Refund transaction ${transactionId} in full`);
  }

  refundPurchase(): Promise<void> {
    // REST v1 documents no partial-refund amount (reference A.2, [UNCONFIRMED]); the refund service uses the legacy API.
    return Promise.reject(new Error('REST v1 has no partial refund; use the legacy gateway'));
  }

  async upsertProduct(creds: Credentials, ref: ProductRef, price: string, ctx: Ctx): Promise<number> {
    const id = await this.findProduct(creds, ref, ctx);
    if (id === undefined) return this.ids.onceProduct(ctx.merchantId, creds.appId, ref.name, async () => (await this.findProduct(creds, ref, ctx)) ?? this.createProduct(creds, ref, price, ctx));
    await this.call(creds, { method: 'PUT', path: 'Products', json: { id, name: ref.name, price } }, ctx, 'product', `Update product ${id} "${ref.name}" (${price})`);
    await this.ids.rememberProduct(ctx.merchantId, creds.appId, ref.name, id);
    return id;
  }

  async deleteProduct(creds: Credentials, productId: number, ctx: Ctx): Promise<boolean> {
    await this.call(creds, { method: 'DELETE', path: 'Product', query: { id: String(productId) } }, ctx, 'product', `Delete product ${productId}`);
    await this.ids.forgetProduct(ctx.merchantId, creds.appId, productId);
    return true;
  }

  /** ID precedence (official Products API page): external_id, then product_id, then name; created when none matches. */
  private async productFor(creds: Credentials, ref: ProductRef, price: string, ctx: Ctx): Promise<number> {
    const known = ref.externalId ? undefined : await this.ids.productId(ctx.merchantId, creds.appId, ref.name);
    if (known !== undefined) return known;
    return this.ids.onceProduct(ctx.merchantId, creds.appId, ref.name, async () => (await this.findProduct(creds, ref, ctx)) ?? this.createProduct(creds, ref, price, ctx));
  }

  private async findProduct(creds: Credentials, ref: ProductRef, ctx: Ctx): Promise<number | undefined> {
    if (ref.externalId) {
      const byExternal = await this.firstId(creds, equalsCondition('external_id', ref.externalId), ctx, `Find product by external id ${ref.externalId}`);
      if (byExternal !== undefined) return byExternal;
    }
    if (ref.productId !== undefined) return ref.productId;
    const known = await this.ids.productId(ctx.merchantId, creds.appId, ref.name);
    if (known !== undefined) return known;
    const byName = await this.firstId(creds, productNameCondition(ref.name), ctx, `Find product "${ref.name}"`);
    if (byName !== undefined) await this.ids.rememberProduct(ctx.merchantId, creds.appId, ref.name, byName);
    return byName;
  }

  private async firstId(creds: Credentials, condition: string, ctx: Ctx, description: string): Promise<number | undefined> {
    const found = await this.call<{ data?: Array<{ id: string }> }>(creds, { method: 'GET', path: 'Products', query: { condition, range: '1' } }, ctx, 'product', description);
    return found.data?.[0] ? Number(found.data[0].id) : undefined;
  }

  private async createProduct(creds: Credentials, ref: ProductRef, price: string, ctx: Ctx): Promise<number> {
    const created = await this.call(creds, { method: 'POST', path: 'Products', json: { name: ref.name, price, ...(ref.externalId ? { external_id: ref.externalId } : {}) } }, ctx, 'product', `Create product "${ref.name}"`);
    const id = required(readId(created), 'product id');
    await this.ids.rememberProduct(ctx.merchantId, creds.appId, ref.name, id);
    return id;
  }
}

function required(id: number | undefined, what: string): number {
  if (id === undefined) throw new TransientError('ONTRAPORT_BAD_RESPONSE', `ONTRAPORT answered without a ${what}`);
  return id;
}
