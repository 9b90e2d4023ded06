import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each claim (a command, a refund or product-creation lock) carries its holder's token, taken with
 * the claim. Renewal, give-back and the stored result apply only while the row still carries it: a
 * replica that stalled past its lease, and whose claim another replica took over, changes nothing
 * any more (its give-back no longer frees the new holder's claim for a third) and learns it lost it.
 */
export class CommandClaimOwners1795900000000 implements MigrationInterface {
  name = 'CommandClaimOwners1795900000000';

  async up(q: QueryRunner): Promise<void> {
    // NULL: nobody holds it, or it was claimed before this column existed (not fenced; its lease still expires).
    await q.query(`ALTER TABLE delivered_commands ADD COLUMN claim_token uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE delivered_commands DROP COLUMN claim_token`);
  }
}
