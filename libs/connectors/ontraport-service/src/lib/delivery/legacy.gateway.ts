import { Injectable } from '@nestjs/common';
import { decodeKeyResponse, decodePurchasesResponse, decodeResponse, isCodecError, type OntraportResult } from '@hub/codecs-ontraport-xml';
import type { Order } from '@hub/domain';
import { classifyLegacyFailure, legacyRequests, legacySaleTransaction, type LegacyCall } from '@hub/ontraport-core';
import { PermanentError, TransientError } from '@hub/platform';
import { PING_MAX_RATE_WAIT_MS, type Ctx, type OntraportGateway, type ProductRef, type SaleRecord } from './ontraport-gateway';
import { Credentials, OntraportHttpClient } from './ontraport-http.client';
import { OntraportIdsStore } from './ontraport-ids.store';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/xml' };

/**
 * The legacy XML API (reference A.1): `pdata.php` / `cdata.php`, credentials in the form body,
 * XML answers that say `<result>failure …` with HTTP 200 when ONTRAPORT refuses.
 */
@Injectable()
export class LegacyGateway implements OntraportGateway {
  readonly api = 'legacy' as const;

  constructor(
    private readonly http: OntraportHttpClient,
    private readonly ids: OntraportIdsStore,
  ) {}

  private async call(creds: Credentials, call: LegacyCall, ctx: Ctx, type: string, description: string, opts: { maxRateWaitMs?: number } = {}): Promise<string> {
    const answer = await this.http.send(creds, { method: 'POST', path: call.path, headers: FORM, body: call.body }, { ...ctx, type, description: `${description} (${call.path} ${call.reqType})` }, opts);
    return answer.text;
  }

  /** Reads `<result>`; a failure is permanent (a refused key, bad data: a retry sends the same). */
  private result(xml: string, what: string): OntraportResult {
    const decoded = decodeSafely(() => decodeResponse(xml), what);
    if (!decoded.ok) throw refused(decoded.failure, what);
    return decoded.result;
  }

  async ping(creds: Credentials, ctx: Ctx): Promise<void> {
    const xml = await this.call(creds, legacyRequests.key(creds), ctx, 'credentials', 'Test the App ID and API key', { maxRateWaitMs: PING_MAX_RATE_WAIT_MS });
    const decoded = decodeSafely(() => decodeKeyResponse(xml), 'the key request');
    if (!decoded.ok) throw refused(decoded.failure, 'the key request');
  }

  async findOrCreateContact(creds: Credentials, customer: Parameters<OntraportGateway['findOrCreateContact']>[1], ctx: Ctx): Promise<number> {
    const found = this.result(await this.call(creds, legacyRequests.contactSearch(creds, customer.email), ctx, 'contact', `Find contact ${customer.email}`), 'the contact search');
    const existing = found.contacts.find((c) => c.id !== undefined);
    if (existing?.id !== undefined) return existing.id;
    const added = this.result(await this.call(creds, legacyRequests.contactAdd(creds, customer), ctx, 'contact', `Add contact ${customer.email}`), 'the contact add');
    const id = added.contacts[0]?.id;
    if (id === undefined) throw new TransientError('ONTRAPORT_BAD_RESPONSE', 'ONTRAPORT added the contact without returning its id');
    return id;
  }

  async updateContact(creds: Credentials, contactId: number, fields: Record<string, string>, ctx: Ctx): Promise<void> {
    this.result(await this.call(creds, legacyRequests.contactUpdate(creds, contactId, fields), ctx, 'contact', `Update contact ${contactId}: ${Object.keys(fields).join(', ')}`), 'the contact update');
  }

  async changeTags(creds: Credentials, contactId: number, tags: string[], add: boolean, ctx: Ctx): Promise<void> {
    this.result(await this.call(creds, legacyRequests.tags(creds, contactId, tags, add), ctx, 'tag', `${add ? 'Add' : 'Remove'} tag(s) ${tags.join(', ')}`), 'the tag change');
  }

  /**
   * One `log_transaction`: ONTRAPORT resolves each product itself (external_id → product_id → name,
   * created when missing) and answers the purchases, whose ids and amounts partial refunds need.
   * The legacy API has no order number to look a sale up by, so a redelivery relies on the claim.
   */
  async logSale(creds: Credentials, order: Order, contactId: number, refs: Record<string, ProductRef>, opts: { recurring: boolean }, ctx: Ctx): Promise<SaleRecord> {
    const xml = await this.call(creds, legacyRequests.logTransaction(creds, legacySaleTransaction(order, contactId, refs)), ctx, 'sale', `Log ${opts.recurring ? 'recurring ' : ''}sale of order ${order.orderId} (${order.lines.length} item(s))`);
    const decoded = decodeSafely(() => decodePurchasesResponse(xml), 'the sale');
    if (!decoded.ok) throw refused(decoded.failure, 'the sale');
    const purchases = decoded.purchases
      .filter((p) => p.id !== undefined)
      .map((p) => ({ id: p.id as number, totalMinor: Math.round((p.price ?? 0) * 100) * (p.quantity ?? 1) }));
    return { api: 'legacy', contactId, productIds: {}, purchases };
  }

  async purchasesOf(_creds: Credentials, sale: SaleRecord): Promise<{ purchases: Array<{ id: number; totalMinor: number }> }> {
    if (!sale.purchases?.length) throw new PermanentError('ONTRAPORT_NO_PURCHASES', 'the logged sale recorded no purchase ids, so it cannot be refunded');
    return { purchases: sale.purchases };
  }

  async refundWhole(creds: Credentials, sale: SaleRecord, ctx: Ctx): Promise<void> {
    for (const p of (await this.purchasesOf(creds, sale)).purchases) await this.refundPurchase(creds, p.id, undefined, ctx);
  }

  async refundPurchase(creds: Credentials, purchaseId: number, amount: string | undefined, ctx: Ctx): Promise<void> {
    const what = amount === undefined ? `Refund purchase ${purchaseId} in full` : `Refund ${amount} of purchase ${purchaseId}`;
    this.result(await this.call(creds, legacyRequests.refund(creds, purchaseId, amount), ctx, 'refund', what), 'the refund');
  }

  async upsertProduct(creds: Credentials, ref: ProductRef, price: string, ctx: Ctx): Promise<number> {
    let id = ref.productId ?? (await this.ids.productId(ctx.merchantId, creds.appId, ref.name));
    if (id === undefined) {
      const found = this.result(await this.call(creds, legacyRequests.productSearchByName(creds, ref.name), ctx, 'product', `Find product "${ref.name}"`), 'the product search');
      id = found.products.find((p) => p.id !== undefined)?.id;
    }
    const save = async (existing: number | undefined): Promise<number> => {
      const xml =
        existing === undefined
          ? await this.call(creds, legacyRequests.productAdd(creds, ref.name, price), ctx, 'product', `Add product "${ref.name}" (${price})`)
          : await this.call(creds, legacyRequests.productUpdate(creds, existing, ref.name, price), ctx, 'product', `Update product ${existing} "${ref.name}" (${price})`);
      const saved = this.result(xml, 'the product change').products[0]?.id ?? existing;
      if (saved === undefined) throw new TransientError('ONTRAPORT_BAD_RESPONSE', 'ONTRAPORT added the product without returning its id');
      await this.ids.rememberProduct(ctx.merchantId, creds.appId, ref.name, saved);
      return saved;
    };
    // Adding is done once per name across replicas; the add's own memory then makes the others update.
    return id === undefined ? this.ids.onceProduct(ctx.merchantId, creds.appId, ref.name, async () => save(await this.ids.productId(ctx.merchantId, creds.appId, ref.name))) : save(id);
  }

  /** pdata.php has no product delete (its `delete` removes a purchase): the product stays, out of the feed. */
  async deleteProduct(): Promise<boolean> {
    return false;
  }
}

function decodeSafely<T>(decode: () => T, what: string): T {
  try {
    return decode();
  } catch (err) {
    if (isCodecError(err)) throw new TransientError('ONTRAPORT_BAD_RESPONSE', `ONTRAPORT answered ${what} with XML we cannot read: ${err.message}`);
    throw err;
  }
}

function refused(failure: string, what: string): PermanentError {
  const verdict = classifyLegacyFailure(failure);
  return new PermanentError(verdict.kind === 'auth' ? 'ONTRAPORT_AUTH' : 'ONTRAPORT_REFUSED', `ONTRAPORT refused ${what}: ${verdict.kind === 'ok' ? failure : verdict.message}`);
}
