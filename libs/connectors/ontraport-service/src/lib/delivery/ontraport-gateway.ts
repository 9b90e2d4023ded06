import type { Customer, Order } from '@hub/domain';
import type { OntraportApiStyle } from '@hub/messaging-contracts';
import type { CallContext, Credentials } from './ontraport-http.client';

export interface ProductRef {
  name: string;
  productId?: number;
  externalId?: string;
}

/** What a logged sale left in ONTRAPORT: kept with the command's idempotency key, read back by refunds. */
export interface SaleRecord {
  api: OntraportApiStyle;
  contactId: number;
  invoiceId?: number;
  /** Cart item id → ONTRAPORT product id (REST; the legacy API resolves products itself). */
  productIds: Record<string, number>;
  /** Purchases in order, with what each cost (legacy: from log_transaction; REST: read when first refunded). */
  purchases?: Array<{ id: number; totalMinor: number }>;
  transactionId?: number;
  /** A redelivery found the sale an earlier attempt had logged. */
  foundEarlier?: boolean;
}

/** An admin is waiting on a credentials test: it is never queued behind a full window for long. */
export const PING_MAX_RATE_WAIT_MS = 3_000;

export type Ctx = Omit<CallContext, 'type' | 'description'>;

/** The ONTRAPORT operations the commands need, in one API style. */
export interface OntraportGateway {
  readonly api: OntraportApiStyle;
  /** The cheapest authenticated request: throws PermanentError (ONTRAPORT_AUTH) for a refused key. */
  ping(creds: Credentials, ctx: Ctx): Promise<void>;
  findOrCreateContact(creds: Credentials, customer: Pick<Customer, 'email' | 'firstName' | 'lastName'> & { billing?: Customer['billing'] }, ctx: Ctx): Promise<number>;
  updateContact(creds: Credentials, contactId: number, fields: Record<string, string>, ctx: Ctx): Promise<void>;
  changeTags(creds: Credentials, contactId: number, tags: string[], add: boolean, ctx: Ctx): Promise<void>;
  /** @param mayExist an earlier attempt may have logged it: look before logging again. */
  logSale(creds: Credentials, order: Order, contactId: number, refs: Record<string, ProductRef>, opts: { recurring: boolean; mayExist: boolean }, ctx: Ctx): Promise<SaleRecord>;
  /** The sale's purchases with their totals (REST reads them once; legacy has them from the sale). */
  purchasesOf(creds: Credentials, sale: SaleRecord, ctx: Ctx): Promise<{ purchases: Array<{ id: number; totalMinor: number }>; transactionId?: number }>;
  refundWhole(creds: Credentials, sale: SaleRecord, ctx: Ctx): Promise<void>;
  /** Partial amounts per purchase: the legacy `<refund>amount</refund>` (REST has no partial refund). */
  refundPurchase(creds: Credentials, purchaseId: number, amount: string | undefined, ctx: Ctx): Promise<void>;
  upsertProduct(creds: Credentials, ref: ProductRef, price: string, ctx: Ctx): Promise<number>;
  deleteProduct(creds: Credentials, productId: number, ctx: Ctx): Promise<boolean>;
}
