/**
 * audit-log's transmissions table for the PostgreSQL-only benches (write-growth, partition-width):
 * built by the service's own migrations (a copy of their DDL would drift unnoticed), its
 * partitions made as PartitionMaintainer makes them.
 */
import { Client } from 'pg';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PartitionRange } from '@hub/audit';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS } from '@hub/audit-service';
// eslint-disable-next-line @nx/enforce-module-boundaries
import { migrateSchema } from '@hub/persistence';
import { TEST_DATABASE_URL } from '@hub/testing';

/** Columns the migrations compress with lz4 on the parent, which PostgreSQL does not pass to partitions. */
const LZ4_COLUMNS = ['request_body', 'response_body', 'search_terms'];

export async function createAuditTable(schema: string): Promise<void> {
  await migrateSchema({ url: TEST_DATABASE_URL, schema, entities: AUDIT_ENTITIES, migrations: AUDIT_MIGRATIONS });
}

/**
 * One partition, lz4 as the parent; its words' GIN pending list at `pendingKb` when `words` (the
 * index is there). A partitioned index takes no storage parameter: the migrations' 1 MB reaches
 * each partition's index as it is created, and a variant changes it there.
 */
export async function createPartition(db: Client, p: PartitionRange, pendingKb: number, words: boolean): Promise<void> {
  await db.query(`CREATE TABLE "${p.name}" PARTITION OF transmissions FOR VALUES FROM ('${p.from}') TO ('${p.to}')`);
  for (const c of LZ4_COLUMNS) await db.query(`ALTER TABLE "${p.name}" ALTER COLUMN ${c} SET COMPRESSION lz4`);
  if (!words) return;
  const { rows } = await db.query<{ name: string }>(
    `SELECT i.indexrelid::regclass::text AS name FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indexrelid
      WHERE i.indrelid = $1::regclass AND h.inhparent = 'transmissions_merchant_terms'::regclass`,
    [`"${p.name}"`],
  );
  await db.query(`ALTER INDEX ${rows[0].name} SET (gin_pending_list_limit = ${pendingKb})`);
}
