import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Competing replicas must not deliver the same command at the same time: a command is first
 * claimed (result still NULL, claim valid until `claimed_until`), then marked delivered.
 */
export class CommandClaims1732492800000 implements MigrationInterface {
  name = 'CommandClaims1732492800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE delivered_commands ALTER COLUMN result DROP NOT NULL`);
    await q.query(`ALTER TABLE delivered_commands ADD COLUMN claimed_until timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM delivered_commands WHERE result IS NULL`);
    await q.query(`ALTER TABLE delivered_commands DROP COLUMN claimed_until`);
    await q.query(`ALTER TABLE delivered_commands ALTER COLUMN result SET NOT NULL`);
  }
}
