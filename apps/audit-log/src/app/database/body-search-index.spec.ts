import { BODY_SEARCH_VECTOR } from '@hub/audit';
import { BodySearchIndexAndFault1795700000000 } from './1795700000000-body-search-index-and-fault.migration';

describe('body search index', () => {
  it('is built on exactly the expression the text queries use (else PostgreSQL would scan every body)', async () => {
    const statements: string[] = [];
    await new BodySearchIndexAndFault1795700000000().up({ query: async (sql: string) => void statements.push(sql) } as never);
    const index = statements.find((s) => s.includes('USING gin')) ?? '';
    const normalise = (s: string) => s.replace(/\s+/g, ' ').replace(/\( /g, '(').trim();
    expect(normalise(index)).toContain(normalise(BODY_SEARCH_VECTOR));
  });
});
