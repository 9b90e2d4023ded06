import { BODY_SEARCH_VECTOR } from '@hub/audit';
import { MerchantBodySearch1795800000000 } from './1795800000000-merchant-body-search.migration';

describe('body search index', () => {
  it('is built on exactly the expression the text queries use (else PostgreSQL would compute every body again)', async () => {
    const statements: string[] = [];
    await new MerchantBodySearch1795800000000().up({ query: async (sql: string) => void statements.push(sql) } as never);
    const index = statements.find((s) => s.includes('USING gin')) ?? '';
    const normalise = (s: string) => s.replace(/\s+/g, ' ').replace(/\( /g, '(').trim();
    expect(normalise(index)).toContain(`(merchant_id, ${normalise(BODY_SEARCH_VECTOR)})`);
  });
});
