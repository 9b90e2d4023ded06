import { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogFolders1795500200000 implements MigrationInterface {
  name = 'CatalogFolders1795500200000';

  async up(q: QueryRunner): Promise<void> {
    // The folders of each catalog item, from cart.item.upserted events: Infusionsoft folder goals.
    await q.query(`CREATE TABLE catalog_folders (
      merchant_id text NOT NULL,
      item_id text NOT NULL,
      folders text[] NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (merchant_id, item_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalog_folders`);
  }
}
