import { MigrationInterface, QueryRunner } from 'typeorm';

export class WebhookSigning1795478400000 implements MigrationInterface {
  name = 'WebhookSigning1795478400000';

  async up(q: QueryRunner): Promise<void> {
    // Optional HMAC key for senders that sign their bodies; sealed (AES-256-GCM), since it must be read back.
    await q.query(`ALTER TABLE webhook_credentials ADD COLUMN signing_secret_sealed text`);
    await q.query(`ALTER TABLE webhook_credentials ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_credentials DROP COLUMN updated_at`);
    await q.query(`ALTER TABLE webhook_credentials DROP COLUMN signing_secret_sealed`);
  }
}
