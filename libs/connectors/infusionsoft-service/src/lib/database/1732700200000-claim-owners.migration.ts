import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each claim on a command carries its holder's token, taken with the claim. Every later write of
 * the holder (lease renewal, progress, give-back, delivered) applies only while the row still
 * carries that token: a replica that stalled past its lease, and whose command another replica
 * took over, changes nothing any more and learns that it lost the claim.
 */
export class InfusionsoftClaimOwners1732700200000 implements MigrationInterface {
  name = 'InfusionsoftClaimOwners1732700200000';

  async up(q: QueryRunner): Promise<void> {
    // NULL: nobody holds it (delivered, given back, or claimed before this column existed — such a
    // claim's holder, an older release, is not fenced; its lease still expires as before).
    await q.query(`ALTER TABLE delivered_commands ADD COLUMN claim_token uuid`);
    // Find-or-create by name: a holder past its TTL no longer deletes the claim of the one after it.
    await q.query(`ALTER TABLE name_claims ADD COLUMN claim_token uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE name_claims DROP COLUMN claim_token`);
    await q.query(`ALTER TABLE delivered_commands DROP COLUMN claim_token`);
  }
}
