import { MigrationInterface, QueryRunner } from 'typeorm';

export class CrmSettingsAndHistory1795500100000 implements MigrationInterface {
  name = 'CrmSettingsAndHistory1795500100000';

  async up(q: QueryRunner): Promise<void> {
    // One row per merchant per CRM: the options as the CRM's settings class validated them (JSONB),
    // the credentials' plain fields (App ID, app name, auth style), each secret field sealed on its
    // own (AES-256-GCM, name → sealed value), and what the last credential test said.
    await q.query(`CREATE TABLE crm_settings (
      merchant_id text NOT NULL,
      crm text NOT NULL CHECK (crm IN ('ontraport', 'infusionsoft')),
      settings jsonb NOT NULL DEFAULT '{}'::jsonb,
      credentials jsonb,
      credential_secrets jsonb,
      credentials_status text NOT NULL DEFAULT 'missing' CHECK (credentials_status IN ('missing', 'working', 'unverified')),
      credentials_message text,
      credentials_checked_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (merchant_id, crm)
    )`);
    // The skeleton's ONTRAPORT rows move over as they are (the key stays sealed under the same key).
    await q.query(`INSERT INTO crm_settings (merchant_id, crm, settings, credentials, credential_secrets, credentials_status, credentials_message)
      SELECT merchant_id, 'ontraport', jsonb_build_object('enabled', ontraport_enabled),
             CASE WHEN ontraport_app_id IS NULL THEN NULL ELSE jsonb_build_object('appId', ontraport_app_id) END,
             CASE WHEN ontraport_api_key_sealed IS NULL THEN NULL ELSE jsonb_build_object('apiKey', ontraport_api_key_sealed) END,
             CASE WHEN ontraport_api_key_sealed IS NULL THEN 'missing' ELSE 'unverified' END,
             'moved from the first schema: not tested yet'
      FROM merchant_integrations`);
    await q.query(`DROP TABLE merchant_integrations`);

    await q.query(`ALTER TABLE product_mappings ALTER COLUMN product_name DROP NOT NULL`);
    await q.query(`ALTER TABLE product_mappings ADD COLUMN crm_product_id bigint`);
    await q.query(`ALTER TABLE product_mappings ADD COLUMN external_id text`);
    await q.query(`ALTER TABLE product_mappings ADD CONSTRAINT product_mappings_target CHECK (product_name IS NOT NULL OR crm_product_id IS NOT NULL)`);

    // New vs repeat customer: one row per order the merchant placed, by lower-cased email.
    await q.query(`CREATE TABLE customer_orders (
      merchant_id text NOT NULL,
      email text NOT NULL,
      order_id text NOT NULL,
      placed_at timestamptz NOT NULL,
      PRIMARY KEY (merchant_id, email, order_id)
    )`);
    await q.query(`CREATE INDEX customer_orders_by_time ON customer_orders (merchant_id, email, placed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE customer_orders`);
    await q.query(`ALTER TABLE product_mappings DROP CONSTRAINT product_mappings_target`);
    await q.query(`ALTER TABLE product_mappings DROP COLUMN external_id`);
    await q.query(`ALTER TABLE product_mappings DROP COLUMN crm_product_id`);
    await q.query(`DELETE FROM product_mappings WHERE product_name IS NULL`);
    await q.query(`ALTER TABLE product_mappings ALTER COLUMN product_name SET NOT NULL`);
    await q.query(`CREATE TABLE merchant_integrations (
      merchant_id text PRIMARY KEY,
      ontraport_enabled boolean NOT NULL DEFAULT false,
      ontraport_app_id text,
      ontraport_api_key_sealed text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`DROP TABLE crm_settings`);
  }
}
