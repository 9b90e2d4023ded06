import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The body-search GIN index keeps a pending list (fastupdate) of at most 1 MB per partition
 * instead of the default 4 MB. Every text query reads each partition's pending list in full, and
 * the planner prices the index by its size: after a bulk load, 4 MB lists made the GIN plan look
 * dearer than taking the merchant's rows from a b-tree and computing each body's vector again,
 * which PostgreSQL prices far below its real cost (about 130 µs for a 2 KB body): 200–330 ms at
 * 100k records instead of 1–5 ms, and it grows with the merchant's rows. 1 MB keeps most of the
 * pending list's bulk merge on writes (64 kB cost about 50 % more PostgreSQL time per insert,
 * 1 MB about 13 %; tools/bench/audit/README.md). A partitioned index cannot be altered, so it is
 * built again; partitions created later copy the option from it.
 */
export class BodySearchSmallPendingList1795900000000 implements MigrationInterface {
  name = 'BodySearchSmallPendingList1795900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS transmissions_merchant_search`);
    // The vector the text queries repeated then (replaced by stored search terms in 1796000000000).
    await q.query(`CREATE INDEX transmissions_merchant_search ON transmissions USING gin (merchant_id,
      to_tsvector('simple'::regconfig, left(coalesce(request_body, ''), 200000) || ' ' || left(coalesce(response_body, ''), 200000)))
      WITH (gin_pending_list_limit = 1024)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS transmissions_merchant_search`);
    await q.query(`CREATE INDEX transmissions_merchant_search ON transmissions USING gin (merchant_id,
      to_tsvector('simple'::regconfig, left(coalesce(request_body, ''), 200000) || ' ' || left(coalesce(response_body, ''), 200000)))`);
  }
}
