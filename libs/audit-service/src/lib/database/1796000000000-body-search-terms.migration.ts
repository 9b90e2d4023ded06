import { MigrationInterface, QueryRunner } from 'typeorm';
import { searchTerms } from '@hub/audit';

const BACKFILL_BATCH = 1_000;

/**
 * Body search through the words audit-log stores with each record (`search_terms`, split once on
 * arrival by @hub/audit `searchTerms`) instead of `to_tsvector` over both bodies. PostgreSQL's
 * text-search parser cost about 120 µs of its CPU per 2 KB record, more than half of what writing
 * a record cost; turning the stored list into a vector costs about 12 µs
 * (tools/bench/audit/README.md).
 *
 * Records already stored get their terms here, split by the same function, a batch at a time.
 * Bodies and terms are compressed with lz4 where the server has it: a record with its terms no
 * longer fits PostgreSQL's 2 kB row target uncompressed, and pglz costs several times more CPU.
 */
export class BodySearchTerms1796000000000 implements MigrationInterface {
  name = 'BodySearchTerms1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transmissions ADD COLUMN IF NOT EXISTS search_terms text`);
    const [{ lz4 }] = await q.query(`SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`);
    if (lz4) {
      // On the parent and on each partition: PostgreSQL does not pass it down (PartitionMaintainer
      // copies it to the partitions it creates later).
      const partitions: Array<{ name: string }> = await q.query(`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'transmissions'::regclass`);
      for (const table of ['transmissions', ...partitions.map((p) => p.name)]) {
        for (const column of ['request_body', 'response_body', 'search_terms']) await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET COMPRESSION lz4`);
      }
    }
    await q.query(`DROP INDEX IF EXISTS transmissions_merchant_search`);
    // Built before the backfill, so the backfill's updates maintain it: built after them, it would
    // meet their HOT chains and be unusable to any query whose snapshot predates this migration.
    // The vector must stay equal to @hub/audit SEARCH_VECTOR, which every text query repeats.
    // Pending list capped at 1 MB per partition, as before (1795900000000).
    await q.query(`CREATE INDEX transmissions_merchant_terms ON transmissions USING gin (merchant_id, array_to_tsvector(string_to_array(search_terms, ' ')))
      WITH (gin_pending_list_limit = 1024)`);
    let after: { occurred_at: Date; id: string } | undefined;
    for (;;) {
      const rows: Array<{ id: string; occurred_at: Date; request_body: string | null; response_body: string | null }> = await q.query(
        `SELECT id, occurred_at, request_body, response_body FROM transmissions
         ${after ? 'WHERE (occurred_at, id) > ($2, $3)' : ''} ORDER BY occurred_at, id LIMIT $1`,
        after ? [BACKFILL_BATCH, after.occurred_at, after.id] : [BACKFILL_BATCH],
      );
      if (!rows.length) break;
      const terms = rows.map((r) => ({ id: r.id, occurred_at: r.occurred_at, terms: searchTerms(r.request_body, r.response_body) }));
      await q.query(
        `UPDATE transmissions t SET search_terms = v.terms FROM json_to_recordset($1::json) AS v(id uuid, occurred_at timestamptz, terms text)
         WHERE t.id = v.id AND t.occurred_at = v.occurred_at`,
        [JSON.stringify(terms)],
      );
      after = rows[rows.length - 1];
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS transmissions_merchant_terms`);
    await q.query(`CREATE INDEX transmissions_merchant_search ON transmissions USING gin (merchant_id,
      to_tsvector('simple'::regconfig, left(coalesce(request_body, ''), 200000) || ' ' || left(coalesce(response_body, ''), 200000)))
      WITH (gin_pending_list_limit = 1024)`);
    await q.query(`ALTER TABLE transmissions DROP COLUMN search_terms`);
  }
}
