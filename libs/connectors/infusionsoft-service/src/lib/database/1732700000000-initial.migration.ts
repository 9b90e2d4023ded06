import { MigrationInterface, QueryRunner } from 'typeorm';

export class InfusionsoftInitial1732700000000 implements MigrationInterface {
  name = 'InfusionsoftInitial1732700000000';

  async up(q: QueryRunner): Promise<void> {
    // A command is claimed, its progress saved after every step that changed Infusionsoft, then
    // marked delivered with the ids it produced: a redelivery continues or does nothing.
    await q.query(`CREATE TABLE delivered_commands (
      idempotency_key text PRIMARY KEY,
      merchant_id text NOT NULL,
      routing_key text NOT NULL,
      progress jsonb NOT NULL DEFAULT '{}',
      delivered_at timestamptz,
      claimed_until timestamptz,
      attempts int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Ids of rows found or created by name (tags, products, lead sources, categories), per app.
    await q.query(`CREATE TABLE crm_ids (
      rate_key text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('tag', 'product', 'lead-source', 'category')),
      natural_key text NOT NULL,
      infusionsoft_id bigint NOT NULL,
      PRIMARY KEY (rate_key, kind, natural_key)
    )`);
    // Calls per second per Infusionsoft app, shared by every replica: one row per app and second.
    await q.query(`CREATE UNLOGGED TABLE call_windows (
      rate_key text NOT NULL,
      second timestamptz NOT NULL,
      calls int NOT NULL,
      PRIMARY KEY (rate_key, second)
    )`);
    // At most one error mail per merchant per eight hours.
    await q.query(`CREATE TABLE error_mail_throttle (
      merchant_id text PRIMARY KEY,
      last_sent_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE error_mail_throttle`);
    await q.query(`DROP TABLE call_windows`);
    await q.query(`DROP TABLE crm_ids`);
    await q.query(`DROP TABLE delivered_commands`);
  }
}
