import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1732406400000 implements MigrationInterface {
  name = 'Initial1732406400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_credentials (
      merchant_id text PRIMARY KEY,
      username text NOT NULL,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Remembers which events were already published, across restarts, until they expire.
    await q.query(`CREATE TABLE dedupe_keys (
      key text PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX dedupe_keys_expires_at ON dedupe_keys (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dedupe_keys`);
    await q.query(`DROP TABLE webhook_credentials`);
  }
}
