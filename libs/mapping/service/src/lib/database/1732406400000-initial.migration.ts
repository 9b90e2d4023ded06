import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1732406400000 implements MigrationInterface {
  name = 'Initial1732406400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE merchant_integrations (
      merchant_id text PRIMARY KEY,
      ontraport_enabled boolean NOT NULL DEFAULT false,
      ontraport_app_id text,
      ontraport_api_key_sealed text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE product_mappings (
      merchant_id text NOT NULL,
      crm text NOT NULL CHECK (crm IN ('ontraport', 'infusionsoft')),
      item_id text NOT NULL,
      product_name text NOT NULL,
      PRIMARY KEY (merchant_id, crm, item_id)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE product_mappings`);
    await q.query(`DROP TABLE merchant_integrations`);
  }
}
