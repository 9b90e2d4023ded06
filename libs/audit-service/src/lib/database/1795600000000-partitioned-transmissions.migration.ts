import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transmission log becomes a table partitioned by day (see @hub/audit `partitions`), with a
 * full-text vector of both bodies and the indexes support's common queries use. Existing records
 * move over; partitions for new days are created by the writer as records arrive.
 */
export class PartitionedTransmissions1795600000000 implements MigrationInterface {
  name = 'PartitionedTransmissions1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transmissions RENAME TO transmissions_unpartitioned`);
    for (const ix of ['transmissions_merchant_order', 'transmissions_merchant_correlation', 'transmissions_merchant_time']) {
      await q.query(`DROP INDEX IF EXISTS ${ix}`);
    }
    await q.query(`CREATE TABLE transmissions (
      id uuid NOT NULL,
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
      received_at timestamptz NOT NULL DEFAULT now(),
      -- 'simple': no stemming or stop words — support searches for ids, emails and error codes.
      search tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, left(coalesce(request_body, ''), 200000) || ' ' || left(coalesce(response_body, ''), 200000))
      ) STORED,
      -- Unique keys of a partitioned table include the partition key; a redelivered record has the
      -- same id and time, so it is still stored once.
      PRIMARY KEY (id, occurred_at)
    ) PARTITION BY RANGE (occurred_at)`);
    // Every index starts with the merchant (tenant isolation), then serves one common query.
    await q.query(`CREATE INDEX transmissions_merchant_time ON transmissions (merchant_id, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX transmissions_merchant_status_time ON transmissions (merchant_id, status, occurred_at DESC, id DESC)`);
    await q.query(`CREATE INDEX transmissions_merchant_order ON transmissions (merchant_id, order_id, occurred_at)`);
    await q.query(`CREATE INDEX transmissions_merchant_correlation ON transmissions (merchant_id, correlation_id, occurred_at)`);
    await q.query(`CREATE INDEX transmissions_merchant_email ON transmissions (merchant_id, customer_email, occurred_at DESC)`);
    await q.query(`CREATE INDEX transmissions_search ON transmissions USING gin (search)`);
    await q.query(`DO $$
      DECLARE d date;
      BEGIN
        FOR d IN SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date FROM transmissions_unpartitioned LOOP
          EXECUTE format('CREATE TABLE %I PARTITION OF transmissions FOR VALUES FROM (%L) TO (%L)',
            'transmissions_p' || to_char(d, 'YYYYMMDD'), (d::timestamp AT TIME ZONE 'UTC'), ((d + 1)::timestamp AT TIME ZONE 'UTC'));
        END LOOP;
      END $$`);
    await q.query(`INSERT INTO transmissions (id, merchant_id, integration, direction, type, status, description, order_id, customer_email,
        method, url, request_body, response_body, http_status, duration_ms, attempt, correlation_id, occurred_at, received_at)
      SELECT id, merchant_id, integration, direction, type, status, description, order_id, lower(customer_email),
        method, url, request_body, response_body, http_status, duration_ms, attempt, correlation_id, occurred_at, received_at
      FROM transmissions_unpartitioned`);
    await q.query(`DROP TABLE transmissions_unpartitioned`);
  }

  async down(): Promise<void> {
    throw new Error('PartitionedTransmissions1795600000000 is not reversible: restore from a backup');
  }
}
