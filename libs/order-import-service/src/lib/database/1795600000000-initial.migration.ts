import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderImportInitial1795600000000 implements MigrationInterface {
  name = 'OrderImportInitial1795600000000';

  async up(q: QueryRunner): Promise<void> {
    // Who may import for a merchant: the password is scrypt-hashed, never readable.
    await q.query(`CREATE TABLE channel_partners (
      merchant_id text NOT NULL,
      code text NOT NULL,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (merchant_id, code)
    )`);
    await q.query(`CREATE SEQUENCE order_number_seq`);
    // One row per imported order; (merchant, channel-partner order id) is the idempotency key.
    // Of the card only the last four digits and the brand are kept.
    await q.query(`CREATE TABLE imported_orders (
      order_id text PRIMARY KEY,
      merchant_id text NOT NULL,
      channel_partner_code text NOT NULL,
      channel_partner_order_id text NOT NULL,
      fingerprint text NOT NULL,
      stage text NOT NULL,
      payment_method text NOT NULL,
      payment_status text NOT NULL,
      card_last4 text,
      card_brand text,
      transaction_id text,
      shipped boolean NOT NULL DEFAULT false,
      placed_published boolean NOT NULL DEFAULT false,
      customer_email text,
      canonical_order jsonb NOT NULL,
      warnings jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (merchant_id, channel_partner_order_id)
    )`);
    // Transactional outbox: written in the transaction that stores the order, published (with the
    // broker's confirm) by the relay, then marked. The payload is kept as the JSON text to publish.
    await q.query(`CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      routing_key text NOT NULL,
      message_id text NOT NULL,
      correlation_id text,
      payload text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz
    )`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);
    await q.query(`CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL`);
    // The merchant's catalog, from the cart's item events and CSV uploads.
    await q.query(`CREATE TABLE catalog_items (
      merchant_id text NOT NULL,
      item_id text NOT NULL,
      description text,
      price_minor bigint,
      currency text NOT NULL DEFAULT 'USD',
      physical boolean NOT NULL DEFAULT true,
      inactive boolean NOT NULL DEFAULT false,
      preorder boolean NOT NULL DEFAULT false,
      options jsonb NOT NULL DEFAULT '[]',
      auto_order_schedules jsonb NOT NULL DEFAULT '[]',
      source text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (merchant_id, item_id)
    )`);
    await q.query(`CREATE TABLE coupons (
      merchant_id text NOT NULL,
      code text NOT NULL,
      PRIMARY KEY (merchant_id, code)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['coupons', 'catalog_items', 'outbox', 'imported_orders', 'channel_partners']) await q.query(`DROP TABLE ${t}`);
    await q.query(`DROP SEQUENCE order_number_seq`);
  }
}
