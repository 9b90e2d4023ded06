import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1732406400000 implements MigrationInterface {
  name = 'Initial1732406400000';

  async up(q: QueryRunner): Promise<void> {
    // A command is delivered once: its idempotency key is stored with the ids ONTRAPORT returned.
    await q.query(`CREATE TABLE delivered_commands (
      idempotency_key text PRIMARY KEY,
      merchant_id text NOT NULL,
      result jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE crm_ids (
      merchant_id text NOT NULL,
      app_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('contact', 'product')),
      natural_key text NOT NULL,
      ontraport_id bigint NOT NULL,
      PRIMARY KEY (merchant_id, app_id, kind, natural_key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm_ids`);
    await q.query(`DROP TABLE delivered_commands`);
  }
}
