import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Body search through a GIN expression index instead of a stored tsvector column (the column made
 * each row about five times larger), and `fault`: what went wrong when there was no HTTP answer to
 * record (a timeout, a reset, an XML-RPC fault).
 */
export class BodySearchIndexAndFault1795700000000 implements MigrationInterface {
  name = 'BodySearchIndexAndFault1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS transmissions_search`);
    await q.query(`ALTER TABLE transmissions DROP COLUMN IF EXISTS search`);
    // The vector the text queries repeated then (replaced by stored search terms in 1796000000000). 'simple':
    // no stemming or stop words — support searches for ids, emails and error codes.
    await q.query(`CREATE INDEX transmissions_search ON transmissions USING gin (
      to_tsvector('simple'::regconfig, left(coalesce(request_body, ''), 200000) || ' ' || left(coalesce(response_body, ''), 200000)))`);
    await q.query(`ALTER TABLE transmissions ADD COLUMN IF NOT EXISTS fault text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transmissions DROP COLUMN fault`);
  }
}
