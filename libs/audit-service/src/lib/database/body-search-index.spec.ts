import { SEARCH_VECTOR } from '@hub/audit';
import { AUDIT_MIGRATIONS } from '.';

describe('body search index', () => {
  it('is built, by the latest migration that builds it, on exactly the expression the text queries use (else PostgreSQL would not use it)', async () => {
    const built: string[] = [];
    for (const Migration of AUDIT_MIGRATIONS) {
      const statements: string[] = [];
      // Only the statements matter here; the backfill's SELECT answers "no rows".
      await new Migration().up({ query: async (sql: string) => (statements.push(sql), /FROM pg_settings/.test(sql) ? [{ lz4: true }] : []) } as never);
      built.push(...statements.filter((s) => /CREATE INDEX \S+ ON transmissions USING gin/.test(s)));
    }
    const normalise = (s: string) => s.replace(/\s+/g, ' ').replace(/\( /g, '(').trim();
    expect(normalise(built[built.length - 1])).toContain(`(merchant_id, ${normalise(SEARCH_VECTOR)})`);
  });
});
