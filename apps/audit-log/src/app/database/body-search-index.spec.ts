import { MigrationInterface } from 'typeorm';
import { BODY_SEARCH_VECTOR } from '@hub/audit';
import { MerchantBodySearch1795800000000 } from './1795800000000-merchant-body-search.migration';
import { BodySearchSmallPendingList1795900000000 } from './1795900000000-body-search-small-pending-list.migration';

describe('body search index', () => {
  it.each([
    ['MerchantBodySearch', new MerchantBodySearch1795800000000()],
    ['BodySearchSmallPendingList', new BodySearchSmallPendingList1795900000000()],
  ] as Array<[string, MigrationInterface]>)(
    '%s builds it on exactly the expression the text queries use (else PostgreSQL would compute every body again)',
    async (_name, migration) => {
      const statements: string[] = [];
      await migration.up({ query: async (sql: string) => void statements.push(sql) } as never);
      const index = statements.find((s) => s.includes('USING gin')) ?? '';
      const normalise = (s: string) => s.replace(/\s+/g, ' ').replace(/\( /g, '(').trim();
      expect(normalise(index)).toContain(`(merchant_id, ${normalise(BODY_SEARCH_VECTOR)})`);
    },
  );
});
