import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Body search scoped by merchant inside one GIN index (btree_gin lets `merchant_id` sit beside
 * the text vector). With separate indexes PostgreSQL often took the merchant's rows and computed
 * each body's vector again to filter them — seconds for a large merchant.
 */
export class MerchantBodySearch1795800000000 implements MigrationInterface {
  name = 'MerchantBodySearch1795800000000';

  async up(q: QueryRunner): Promise<void> {
    // In `public`, never in the service's schema: dropping a schema must not drop a shared extension.
    // Two suites migrating at once may race on it; the loser finds it there.
    await q.query(`DO $$ BEGIN
        CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;
      EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
      END $$`);
    await q.query(`DROP INDEX IF EXISTS transmissions_search`);
    // The vector the text queries repeated then (replaced by stored search terms in 1796000000000).
    await q.query(`CREATE INDEX transmissions_merchant_search ON transmissions USING gin (merchant_id,
      to_tsvector('simple'::regconfig, left(coalesce(request_body, ''), 200000) || ' ' || left(coalesce(response_body, ''), 200000)))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS transmissions_merchant_search`);
  }
}
