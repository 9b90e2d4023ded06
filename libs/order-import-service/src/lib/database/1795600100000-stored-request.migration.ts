import { MigrationInterface, QueryRunner } from 'typeorm';

/** The import request as validated, card-safe: every parameter the partner sent is kept, not only what the canonical order carries. */
export class OrderImportStoredRequest1795600100000 implements MigrationInterface {
  name = 'OrderImportStoredRequest1795600100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imported_orders ADD COLUMN request jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE imported_orders DROP COLUMN request`);
  }
}
