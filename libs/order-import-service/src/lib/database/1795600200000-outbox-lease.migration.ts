import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows are claimed for a while (a lease) instead of locked in a transaction held open while
 * the broker confirms: a relay that dies mid-publish leaves rows that another takes once the lease ends.
 */
export class OrderImportOutboxLease1795600200000 implements MigrationInterface {
  name = 'OrderImportOutboxLease1795600200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN claimed_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN claimed_until`);
  }
}
