import { DataSource } from 'typeorm';
import { pageQuery } from '@hub/audit';
import { AUDIT_MIGRATIONS, AuditConfig, Initial1732406400000, PartitionMaintainer } from '@hub/audit-service';
import { migrateSchema } from '@hub/persistence';
import { createTestSchema, TestSchema } from '@hub/testing';

describe('audit-log migrations over an existing transmission log', () => {
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await createTestSchema('audit_mig');
  });

  afterAll(() => schema?.drop());

  it('moves the records of the unpartitioned table into day partitions, emails lowercased, bodies searchable by their words', async () => {
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations: [Initial1732406400000] });
    const db = new DataSource({ type: 'postgres', url: schema.url, schema: schema.schema, extra: { options: `-c search_path=${schema.schema}` } });
    await db.initialize();
    try {
      for (const [id, at] of [
        ['0b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e10', '2026-11-01T10:00:00Z'],
        ['1b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e11', '2026-11-03T23:59:59Z'],
      ]) {
        await db.query(
          `INSERT INTO transmissions (id, merchant_id, integration, direction, type, status, description, customer_email, request_body, duration_ms, attempt, occurred_at)
           VALUES ($1, 'M1', 'ontraport', 'outbound', 'sale', 'succeeded', 'legacy', 'Ann@Example.com', '{"invoice":"INV-9"}', 5, 1, $2)`,
          [id, at],
        );
      }
      await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations: AUDIT_MIGRATIONS });
      const parts: Array<{ name: string }> = await db.query(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'transmissions'::regclass ORDER BY 1`,
      );
      expect(parts.map((p) => p.name)).toEqual(['transmissions_p20261101', 'transmissions_p20261103']);
      // Their words, split by the migration with @hub/audit `searchTerms` (words shorter than three
      // characters, `9`, and structural words, the key `invoice`, are left to the phrase check, not stored).
      expect(await db.query(`SELECT DISTINCT search_terms FROM transmissions`)).toEqual([{ search_terms: 'inv' }]);
      // The service's own text query, on records stored before their words were: split by the migration.
      const q = pageQuery('M1', { text: 'inv-9' });
      const found: Array<{ id: string; customerEmail: string }> = await db.query(q.text, q.values);
      expect(found.map((r) => [r.id, r.customerEmail])).toEqual([
        ['1b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e11', 'ann@example.com'],
        ['0b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e10', 'ann@example.com'],
      ]);
      // …which can use the GIN index: its expression is the index's. With two rows any other plan is
      // cheaper, so they are taken away for a moment (the b-trees dropped in a transaction undone).
      const plan = await db
        .transaction(async (tx) => {
          await tx.query('DROP INDEX transmissions_merchant_time, transmissions_merchant_status_time, transmissions_merchant_order, transmissions_merchant_correlation, transmissions_merchant_email');
          await tx.query('SET LOCAL enable_seqscan = off');
          const lines = (await tx.query(`EXPLAIN ${q.text}`, q.values)).map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
          throw Object.assign(new Error('undo'), { lines });
        })
        .catch((err: { lines?: string }) => err.lines);
      expect(plan).toMatch(/Bitmap Index Scan on transmissions_p20261101_merchant_id_array_to_tsvector_idx/);
      expect(plan).toMatch(/Bitmap Index Scan on transmissions_p20261103_merchant_id_array_to_tsvector_idx/);
      expect(await db.query(`SELECT to_regclass('transmissions_unpartitioned') AS t`)).toEqual([{ t: null }]);

      // A 4 MB pending list per partition made the planner skip the text index after a bulk load
      // (hundreds of ms per search); every partition, old or made later by the service, keeps 1 MB.
      await new PartitionMaintainer(db, new AuditConfig()).ensureFor(['2026-12-15T12:00:00Z']);
      const textIndexes: Array<{ partition: string; options: string[] | null }> = await db.query(
        `SELECT t.relname AS partition, x.reloptions AS options FROM pg_inherits i
           JOIN pg_class t ON t.oid = i.inhrelid JOIN pg_index ix ON ix.indrelid = t.oid JOIN pg_class x ON x.oid = ix.indexrelid
           JOIN pg_am am ON am.oid = x.relam
         WHERE i.inhparent = 'transmissions'::regclass AND am.amname = 'gin' ORDER BY 1`,
      );
      expect(textIndexes.map((r) => r.partition)).toEqual(['transmissions_p20261101', 'transmissions_p20261103', expect.stringMatching(/^transmissions_p202612/)]);
      for (const r of textIndexes) expect(r.options).toEqual(['gin_pending_list_limit=1024']);
      // Bodies and terms compressed with lz4 (this server has it) in every partition, the later one too.
      const compression = await db.query(
        `SELECT DISTINCT a.attname AS column, a.attcompression AS method FROM pg_inherits i JOIN pg_attribute a ON a.attrelid = i.inhrelid
         WHERE i.inhparent = 'transmissions'::regclass AND a.attname IN ('request_body', 'response_body', 'search_terms') ORDER BY 1`,
      );
      expect(compression).toEqual(['request_body', 'response_body', 'search_terms'].map((column) => ({ column, method: 'l' })));
    } finally {
      await db.destroy();
    }
  });
});
