import { MigrationInterface, QueryRunner } from 'typeorm';

export class MerchantsAndTokens1795500000000 implements MigrationInterface {
  name = 'MerchantsAndTokens1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE merchants (
      merchant_id text PRIMARY KEY,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    // The token itself is never stored: only its SHA-256 (see @hub/auth apiTokenDigest) and a hint.
    await q.query(`CREATE TABLE api_tokens (
      token_id uuid PRIMARY KEY,
      merchant_id text NOT NULL REFERENCES merchants (merchant_id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('admin', 'support')),
      label text NOT NULL,
      token_digest bytea NOT NULL UNIQUE,
      hint text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )`);
    await q.query(`CREATE INDEX api_tokens_merchant ON api_tokens (merchant_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_tokens`);
    await q.query(`DROP TABLE merchants`);
  }
}
