import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1732406400000 implements MigrationInterface {
  name = 'Initial1732406400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE transmissions (
      id uuid PRIMARY KEY,
      merchant_id text NOT NULL,
      integration text NOT NULL,
      direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
      type text NOT NULL,
      status text NOT NULL,
      description text NOT NULL,
      order_id text,
      customer_email text,
      method text,
      url text,
      request_body text,
      response_body text,
      http_status int,
      duration_ms int NOT NULL,
      attempt int NOT NULL,
      correlation_id text,
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
    // Every query is scoped by merchant first (tenant isolation), then narrowed.
    await q.query(`CREATE INDEX transmissions_merchant_order ON transmissions (merchant_id, order_id, occurred_at)`);
    await q.query(`CREATE INDEX transmissions_merchant_correlation ON transmissions (merchant_id, correlation_id)`);
    await q.query(`CREATE INDEX transmissions_merchant_time ON transmissions (merchant_id, occurred_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transmissions`);
  }
}
