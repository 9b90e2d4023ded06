import type { EntityManager } from 'typeorm';
import type { Order } from '@hub/domain';
import type { CatalogRow } from '../catalog/catalog.store';
import type { OutboxRow } from '../outbox/outbox';

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
  /** The validated request, card-safe (cardSafeOrder). */
  request: Record<string, unknown>;
  warnings: Array<{ field: string; message: string }>;
}

type Tx = Pick<EntityManager, 'query'>;

/** What an import needs to know before deciding, read in one round trip. */
export interface ImportContext {
  existing: Pick<StoredOrder, 'order_id' | 'fingerprint' | 'stage' | 'warnings'> | null;
  items: CatalogRow[];
  coupons: string[];
  /** The number of the order id, should it be stored (a refused request leaves a gap, as ids may). */
  orderNumber: string;
}

/** SQL of the imported orders. */
export const OrdersSql = {
  /** The earlier import of this channel-partner order id, the catalog items and coupons it names, and an order number. */
  async context(db: Tx, merchantId: string, channelPartnerOrderId: string, itemIds: string[], coupons: string[]): Promise<ImportContext> {
    const [row] = await db.query(
      `SELECT
         (SELECT row_to_json(o) FROM (SELECT order_id, fingerprint, stage, warnings FROM imported_orders WHERE merchant_id = $1 AND channel_partner_order_id = $2) o) AS existing,
         (SELECT coalesce(json_agg(c), '[]'::json) FROM catalog_items c WHERE merchant_id = $1 AND item_id = ANY($3::text[])) AS items,
         (SELECT coalesce(json_agg(code), '[]'::json) FROM coupons WHERE merchant_id = $1 AND code = ANY($4::text[])) AS coupons,
         nextval('order_number_seq')::text AS "orderNumber"`,
      [merchantId, channelPartnerOrderId, itemIds, coupons],
    );
    return row as ImportContext;
  },

  /** `<MERCHANT>-<10 digits>`, like the cart's order ids (DEMO-0009104420). */
  orderId(merchantId: string, orderNumber: string): string {
    return `${merchantId}-${orderNumber.padStart(10, '0')}`;
  },

  /**
   * The order and its outbox messages in one statement (one implicit transaction): both or neither.
   * Returns false when another request stored this channel-partner order id first.
   */
  async insertWithOutbox(db: Tx, o: NewOrder, messages: OutboxRow[]): Promise<boolean> {
    const rows = await db.query(
      `WITH stored AS (
         INSERT INTO imported_orders (order_id, merchant_id, channel_partner_code, channel_partner_order_id, fingerprint, stage, payment_method,
           payment_status, card_last4, card_brand, transaction_id, placed_published, customer_email, canonical_order, warnings, request)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $20)
         ON CONFLICT (merchant_id, channel_partner_order_id) DO NOTHING
         RETURNING order_id)
       INSERT INTO outbox (routing_key, message_id, correlation_id, payload)
       SELECT m.routing_key, m.message_id, m.correlation_id, m.payload
       FROM unnest($16::text[], $17::text[], $18::text[], $19::text[]) WITH ORDINALITY AS m(routing_key, message_id, correlation_id, payload, n)
       WHERE EXISTS (SELECT 1 FROM stored)
       ORDER BY m.n
       RETURNING id`,
      [
        o.orderId, o.merchantId, o.channelPartnerCode, o.channelPartnerOrderId, o.fingerprint, o.stage, o.paymentMethod, o.paymentStatus,
        o.cardLast4 ?? null, o.cardBrand ?? null, o.transactionId ?? null, o.placedPublished, o.customerEmail ?? null, JSON.stringify(o.order), JSON.stringify(o.warnings),
        messages.map((m) => m.routingKey), messages.map((m) => m.messageId), messages.map((m) => m.correlationId), messages.map((m) => m.payload),
        JSON.stringify(o.request),
      ],
    );
    return rows.length > 0;
  },

  async byChannelPartnerOrderId(tx: Tx, merchantId: string, channelPartnerOrderId: string, forUpdate = false): Promise<StoredOrder | undefined> {
    const rows = await tx.query(`SELECT * FROM imported_orders WHERE merchant_id = $1 AND channel_partner_order_id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [merchantId, channelPartnerOrderId]);
    return rows[0];
  },

  async byOrderId(tx: Tx, merchantId: string, orderId: string, forUpdate = false): Promise<StoredOrder | undefined> {
    const rows = await tx.query(`SELECT * FROM imported_orders WHERE merchant_id = $1 AND order_id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [merchantId, orderId]);
    return rows[0];
  },

  async setStage(tx: Tx, orderId: string, stage: string, placedPublished: boolean, paymentStatus?: string, order?: Order): Promise<void> {
    await tx.query(
      `UPDATE imported_orders SET stage = $2, placed_published = $3, payment_status = COALESCE($4, payment_status),
         canonical_order = COALESCE($5::jsonb, jsonb_set(canonical_order, '{stage}', to_jsonb($2::text))), updated_at = now() WHERE order_id = $1`,
      [orderId, stage, placedPublished, paymentStatus ?? null, order ? JSON.stringify(order) : null],
    );
  },
};
