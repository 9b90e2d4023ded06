import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding-or-creating a tag, product or lead source by name is claimed per app and name across
 * replicas, so two replicas that meet the same new tag at once create it once.
 */
export class InfusionsoftNameClaims1732700100000 implements MigrationInterface {
  name = 'InfusionsoftNameClaims1732700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNLOGGED TABLE name_claims (
      claim_key text PRIMARY KEY,
      claimed_until timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE name_claims`);
  }
}
