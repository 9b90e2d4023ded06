import { Injectable, Logger } from '@nestjs/common';
import { contactFields, externalOrderCondition, processManualBody, productNameCondition, readId } from '@hub/ontraport-core';
import { OntraportCredentialsReply, OntraportSaleV1, RpcPatterns } from '@hub/messaging-contracts';
import { MessagePublisher } from '@hub/messaging-nest';
import { TransientError } from '@hub/platform';
import { OntraportIdsStore } from './ontraport-ids.store';
import { CallContext, Credentials, OntraportRestClient } from './ontraport-rest.client';

/** Longer than any delivery takes (a few calls with 15 s timeouts); a dead holder's claim expires. */
const CLAIM_TTL_MS = 120_000;

export interface SaleResult {
  contactId: number;
  invoiceId: number;
  productIds: Record<string, number>;
}

@Injectable()
export class SaleService {
  private readonly logger = new Logger(SaleService.name);

  constructor(
    private readonly client: OntraportRestClient,
    private readonly ids: OntraportIdsStore,
    private readonly publisher: MessagePublisher,
  ) {}

  /** Finds or creates the contact and products, then logs the sale once per idempotency key. */
  async logSale(cmd: OntraportSaleV1, attempt: number): Promise<SaleResult> {
    const claim = await this.ids.claim<SaleResult>(cmd.idempotencyKey, cmd.merchantId, CLAIM_TTL_MS);
    if (claim.state === 'done') {
      this.logger.log({ orderId: cmd.order.orderId, key: cmd.idempotencyKey }, 'sale already logged; redelivery ignored');
      return claim.result;
    }
    if (claim.state === 'busy') throw new TransientError('COMMAND_IN_PROGRESS', `another replica is delivering ${cmd.idempotencyKey}`);
    try {
      const result = await this.deliver(cmd, attempt, claim.state === 'reclaimed' || attempt > 1);
      await this.ids.markDelivered(cmd.idempotencyKey, result);
      return result;
    } catch (err) {
      await this.ids.release(cmd.idempotencyKey).catch(() => undefined);
      throw err;
    }
  }

  /**
   * @param mayExist an earlier attempt may have logged the sale before failing (a crash, or a
   *   failure after ONTRAPORT answered): look for it by external order id before logging again.
   */
  private async deliver(cmd: OntraportSaleV1, attempt: number, mayExist: boolean): Promise<SaleResult> {
    const creds = await this.publisher.request<OntraportCredentialsReply>(RpcPatterns.mapping.ontraportCredentials, { merchantId: cmd.merchantId });
    const order = cmd.order;
    const base = { merchantId: cmd.merchantId, orderId: order.orderId, customerEmail: order.customer.email, attempt };

    const contact = await this.client.call(
      creds,
      { method: 'POST', path: 'Contacts/saveorupdate', form: contactFields(order.customer) },
      { ...base, type: 'contact', description: `Find or create contact ${order.customer.email}` },
    );
    const contactId = required(readId(contact), 'contact id');

    const productIds: Record<string, number> = {};
    for (const line of order.lines) {
      productIds[line.itemId] ??= await this.productId(creds, cmd.productNames[line.itemId] ?? line.itemId, line.unitPrice.minor, base);
    }

    if (mayExist) {
      const found = await this.client.call<{ data?: Array<{ id: string; invoice_id?: string }> }>(
        creds,
        { method: 'GET', path: 'Transactions', query: { condition: externalOrderCondition(order.orderId), range: '1' } },
        { ...base, type: 'transaction', description: `Look for an earlier attempt's sale of order ${order.orderId}` },
      );
      const earlier = found.data?.[0];
      if (earlier) {
        this.logger.warn({ orderId: order.orderId }, 'sale was already logged by an earlier attempt; not logging it again');
        return { contactId, invoiceId: Number(earlier.invoice_id ?? earlier.id), productIds };
      }
    }
    const sale = await this.client.call(
      creds,
      { method: 'POST', path: 'transaction/processManual', json: processManualBody(order, contactId, productIds) },
      { ...base, type: 'sale', description: `Log sale of order ${order.orderId} (${order.lines.length} item(s))` },
    );
    return { contactId, invoiceId: required(readId(sale), 'invoice id'), productIds };
  }

  /** Product by name: our memory, else ONTRAPORT's catalog, else created. */
  private async productId(creds: Credentials, name: string, priceMinor: number, base: Omit<CallContext, 'type' | 'description'>): Promise<number> {
    const known = await this.ids.productId(base.merchantId, creds.appId, name);
    if (known !== undefined) return known;
    const found = await this.client.call<{ data: Array<{ id: string }> }>(
      creds,
      { method: 'GET', path: 'Products', query: { condition: productNameCondition(name), range: '1' } },
      { ...base, type: 'product', description: `Find product "${name}"` },
    );
    let id = found.data?.[0] ? Number(found.data[0].id) : undefined;
    if (id === undefined) {
      const created = await this.client.call(
        creds,
        { method: 'POST', path: 'Products', json: { name, price: (priceMinor / 100).toFixed(2) } },
        { ...base, type: 'product', description: `Create product "${name}"` },
      );
      id = required(readId(created), 'product id');
    }
    await this.ids.rememberProduct(base.merchantId, creds.appId, name, id);
    return id;
  }
}

function required(id: number | undefined, what: string): number {
  if (id === undefined) throw new TransientError('ONTRAPORT_BAD_RESPONSE', `ONTRAPORT answered without a ${what}`);
  return id;
}
