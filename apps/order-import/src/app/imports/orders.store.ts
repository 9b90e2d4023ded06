import type { EntityManager } from 'typeorm';
import type { Order } from '@hub/domain';

export interface StoredOrder {
  order_id: string;
  merchant_id: string;
  channel_partner_order_id: string;
  fingerprint: string;
  stage: string;
  payment_status: string;
  shipped: boolean;
  placed_published: boolean;
  customer_email: string | null;
  canonical_order: Order;
  warnings: Array<{ field: string; message: string }>;
}

export interface NewOrder {
  orderId: string;
  merchantId: string;
  channelPartnerCode: string;
  channelPartnerOrderId: string;
  fingerprint: string;
  stage: string;
  paymentMethod: string;
  paymentStatus: string;
  cardLast4?: string;
  cardBrand?: string;
  transactionId?: string;
  placedPublished: boolean;
  customerEmail?: string;
  order: Order;
  warnings: Array<{ field: string; message: string }>;
}

type Tx = Pick<EntityManager, 'query'>;

/** SQL of the imported orders, always inside the caller's transaction. */
export const OrdersSql = {
  /** Serialises imports of one (merchant, channel-partner order id) until the transaction ends. */
  async lockKey(tx: Tx, merchantId: string, channelPartnerOrderId: string): Promise<void> {
    // Merchant ids have no spaces, so "<merchant> <id>" names one key.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || ' ' || $2, 0))`, [merchantId, channelPartnerOrderId]);
  },

  async byChannelPartnerOrderId(tx: Tx, merchantId: string, channelPartnerOrderId: string, forUpdate = false): Promise<StoredOrder | undefined> {
    const rows = await tx.query(`SELECT * FROM imported_orders WHERE merchant_id = $1 AND channel_partner_order_id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [merchantId, channelPartnerOrderId]);
    return rows[0];
  },

  async byOrderId(tx: Tx, merchantId: string, orderId: string, forUpdate = false): Promise<StoredOrder | undefined> {
    const rows = await tx.query(`SELECT * FROM imported_orders WHERE merchant_id = $1 AND order_id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [merchantId, orderId]);
    return rows[0];
  },

  /** `<MERCHANT>-<10 digits>`, like the cart's order ids (DEMO-0009104420). */
  async nextOrderId(tx: Tx, merchantId: string): Promise<string> {
    const [{ n }] = await tx.query(`SELECT nextval('order_number_seq') AS n`);
    return `${merchantId}-${String(n).padStart(10, '0')}`;
  },

  async insert(tx: Tx, o: NewOrder): Promise<void> {
    await tx.query(
      `INSERT INTO imported_orders (order_id, merchant_id, channel_partner_code, channel_partner_order_id, fingerprint, stage, payment_method,
         payment_status, card_last4, card_brand, transaction_id, placed_published, customer_email, canonical_order, warnings)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        o.orderId, o.merchantId, o.channelPartnerCode, o.channelPartnerOrderId, o.fingerprint, o.stage, o.paymentMethod, o.paymentStatus,
        o.cardLast4 ?? null, o.cardBrand ?? null, o.transactionId ?? null, o.placedPublished, o.customerEmail ?? null, JSON.stringify(o.order), JSON.stringify(o.warnings),
      ],
    );
  },

  async setStage(tx: Tx, orderId: string, stage: string, placedPublished: boolean, paymentStatus?: string, order?: Order): Promise<void> {
    await tx.query(
      `UPDATE imported_orders SET stage = $2, placed_published = $3, payment_status = COALESCE($4, payment_status),
         canonical_order = COALESCE($5::jsonb, jsonb_set(canonical_order, '{stage}', to_jsonb($2::text))), updated_at = now() WHERE order_id = $1`,
      [orderId, stage, placedPublished, paymentStatus ?? null, order ? JSON.stringify(order) : null],
    );
  },
};
