import { encodeCursor } from './keyset-cursor';
import { textSearch } from './search-terms';
import { BODIES_TEXT, SEARCH_VECTOR } from './transmission-columns';
import { InvalidCursorError, pageQuery, timelineQuery, WALK_NEWEST_FIRST } from './transmission-sql';

describe('transmission queries', () => {
  it('scopes by merchant first and keeps every value out of the SQL text', () => {
    const q = pageQuery('M1', { status: 'failed', orderId: "x' OR '1'='1", from: '2026-11-01T00:00:00Z', text: "Refund' 4711", limit: 10 });
    expect(q.text).toContain(
      `WHERE merchant_id = $1 AND status = $2 AND order_id = $3 AND occurred_at >= $4 AND ${SEARCH_VECTOR} @@ $5::tsquery AND (${BODIES_TEXT}) ~* $6 ORDER BY`,
    );
    expect(q.text).not.toContain("'1'='1");
    expect(q.text).not.toContain('efund');
    expect(q.values).toEqual(['M1', 'failed', "x' OR '1'='1", '2026-11-01T00:00:00Z', "'refund' & '4711'", textSearch('refund 4711')?.phrase, 11]);
  });

  it('asks the index only for the rarer words it is told of; the phrase keeps them all', () => {
    const q = pageQuery('M1', { text: 'SKU-1918' }, { isCommonWord: (w) => w === 'sku' });
    expect(q.values).toEqual(['M1', "'1918'", textSearch('sku 1918')?.phrase, 51]);
  });

  it('searches one word through the index alone, and a text without words finds nothing', () => {
    expect(pageQuery('M1', { text: 'INV77123' })).toMatchObject({ text: expect.stringContaining(`AND ${SEARCH_VECTOR} @@ $2::tsquery ORDER BY`), values: ['M1', "'inv77123'", 51] });
    expect(pageQuery('M1', { text: '--' })).toMatchObject({ text: expect.stringContaining('WHERE merchant_id = $1 AND false ORDER BY'), values: ['M1', 51] });
  });

  it('searches words too short for the index by the phrase check alone', () => {
    expect(pageQuery('M1', { text: 'T-1' })).toMatchObject({
      text: expect.stringContaining(`WHERE merchant_id = $1 AND (${BODIES_TEXT}) ~* $2 ORDER BY`),
      values: ['M1', textSearch('t 1')?.phrase, 51],
    });
  });

  it('walks the merchant newest first, without a sort, only for a search the index cannot help with and no filter with its own index', () => {
    for (const text of ['us', 'firstname', 'struct member', 'Invoice', 'T-1']) expect(pageQuery('M1', { text }).setLocal).toBe(WALK_NEWEST_FIRST);
    expect(pageQuery('M1', { text: 'firstname', status: 'failed', from: '2026-11-01T00:00:00Z', cursor: encodeCursor({ occurredAt: '2026-11-24T04:00:00.000Z', id: '0b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e10' }) }).setLocal).toBe(
      WALK_NEWEST_FIRST,
    );
    // The SQL is the same either way: only the plan differs.
    expect(pageQuery('M1', { text: 'us' }).text).toBe(pageQuery('M1', { text: 'ca' }).text);
    for (const f of [{ text: 'firstname ada' }, { text: 'INV77123' }, { text: '--' }, {}, { text: 'us', orderId: 'A-1' }, { text: 'us', customerEmail: 'a@b.c' }, { text: 'us', correlationId: 'c' }]) {
      expect(pageQuery('M1', f).setLocal).toBeUndefined();
    }
    expect(WALK_NEWEST_FIRST).toBe('SET LOCAL enable_sort = off');
  });

  it('continues strictly after the cursor, newest first', () => {
    const cursor = encodeCursor({ occurredAt: '2026-11-24T04:00:00.000Z', id: '0b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e10' });
    const q = pageQuery('M1', { cursor });
    expect(q.text).toContain('(occurred_at, id) < ($2::timestamptz, $3::uuid)');
    expect(q.text).toContain('ORDER BY occurred_at DESC, id DESC LIMIT $4');
    expect(q.values).toEqual(['M1', '2026-11-24T04:00:00.000Z', '0b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e10', 51]);
  });

  it('refuses a forged cursor', () => {
    expect(() => pageQuery('M1', { cursor: 'Zm9yZ2Vk' })).toThrow(InvalidCursorError);
  });

  it('lowercases the email filter as records are stored', () => {
    expect(pageQuery('M1', { customerEmail: ' Ann@Example.COM ' }).values[1]).toBe('ann@example.com');
  });

  it('builds an order timeline through its correlation ids, within the merchant', () => {
    const q = timelineQuery('M1', 'A-1');
    // An array, not `IN (subquery)`: the subquery runs once and its ids reach the correlation index
    // of every partition (a hashed subplan filtered each of the merchant's records).
    expect(q.text).toContain('merchant_id = $1 AND (order_id = $2 OR correlation_id = ANY(ARRAY(');
    expect(q.values).toEqual(['M1', 'A-1', 1000]);
  });
});
