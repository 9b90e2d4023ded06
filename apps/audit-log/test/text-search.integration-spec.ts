import { DataSource } from 'typeorm';
import { RoutingKeys, TransmissionPageV1, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { waitFor } from '@hub/testing';
import { TransmissionStore } from '@hub/audit-service';
import { MIN_INDEXED_WORD_CHARS, pageQuery, STRUCTURAL_WORDS, WALK_NEWEST_FIRST, words } from '@hub/audit';
import { AuditHarness, record } from './audit-harness';

describe('audit-log body search with common, short and structural words left to the phrase check', () => {
  let h: AuditHarness;
  const search = async (text: string) =>
    (await h.get<TransmissionPageV1>(`/transmissions?text=${encodeURIComponent(text)}`, 'support-m1')).body.items.map((i) => i.orderId).sort();

  beforeAll(async () => {
    h = await AuditHarness.start('audit_words');
  }, 60_000);

  afterAll(() => h?.stop());

  it('finds the same records once PostgreSQL knows which words are in most records', async () => {
    const body = (sku: string) => `{"items":[{"item_id":"${sku}","description":"catalog item"}],"note":"${sku === 'SKU-1918' ? 'sku 1918 apart' : 'none'}"}`;
    const records: TransmissionRecordedV1[] = [
      ...['SKU-1918', 'SKU-1918', 'SKU-2000', 'SKU-2001', 'SKU-2002', 'SKU-2003'].map((sku, i) => record({ orderId: `W-${i}`, requestBody: body(sku) })),
      // The words, not the phrase: "1918" and "sku" apart.
      record({ orderId: 'W-apart', requestBody: '{"items":[{"item_id":"SKU-7","description":"catalog item"}],"year":"1918"}' }),
    ];
    for (const r of records) await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, r);
    await waitFor(async () => (await search('catalog')).length === records.length, { what: 'the records stored' });
    const before = await search('SKU-1918');
    expect(before).toEqual(['W-0', 'W-1']);

    await h.app.get(DataSource).query('ANALYZE transmissions');
    const common = await h.app.get(TransmissionStore).commonWords(0);
    expect([...common]).toEqual(expect.arrayContaining(['sku', 'catalog']));
    // A structural word is never stored, so never common, and still found.
    expect(common.has('items')).toBe(false);
    expect(common.has('1918')).toBe(false);

    // Now only "1918" goes to the index; the phrase check still needs "sku" right before it.
    expect(await search('SKU-1918')).toEqual(before);
    expect(await search('sku')).toHaveLength(records.length);
    expect(await search('items')).toHaveLength(records.length);
    expect(await search('items 1918')).toEqual([]);
    expect(await search('1918 sku')).toEqual([]);
  });

  it('finds words too short for the index: alone, in a phrase, and beside longer words', async () => {
    const records = [
      record({ orderId: 'S-ca', requestBody: '{"address":"Cupertino, CA 95014"}' }),
      record({ orderId: 'S-cab', requestBody: '{"address":"Cupertino, CAB 95014"}' }),
      record({ orderId: 'S-ny', requestBody: '{"address":"New York, NY 10001"}', responseBody: '{"ok":1}' }),
    ];
    for (const r of records) await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, r);
    await waitFor(async () => (await search('address')).length === records.length, { what: 'the records stored' });
    const [stored] = await h.app.get(DataSource).query(`SELECT search_terms FROM transmissions WHERE order_id = 'S-ny'`);
    // `address` is a structural word: not stored either.
    expect(stored.search_terms.split(' ').sort()).toEqual(['10001', 'new', 'york']);

    expect(await search('address')).toEqual(['S-ca', 'S-cab', 'S-ny']);
    expect(await search('CA')).toEqual(['S-ca']);
    expect(await search('ca 95014')).toEqual(['S-ca']);
    expect(await search('95014')).toEqual(['S-ca', 'S-cab']);
    expect(await search('York, NY')).toEqual(['S-ny']);
    expect(await search('ok 1')).toEqual(['S-ny']);
    expect(await search('ny york')).toEqual([]);
    expect(await search('zz')).toEqual([]);
  });

  it('finds structural words (keys, tags) in the bodies, in records stored with or without them in their terms, with the same results', async () => {
    const search2 = async (text: string) =>
      (await h.get<TransmissionPageV1>(`/transmissions?text=${encodeURIComponent(text)}`, 'support-m2')).body.items.map((i) => i.orderId).sort();
    const xmlRpc = (first: string) =>
      '<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>ContactService.add</methodName><params><param><value><struct>' +
      `<member><name>FirstName</name><value><string>${first}</string></value></member></struct></value></param></params></methodCall>`;
    const records = [
      record({ merchantId: 'M2', orderId: 'K-json', requestBody: '{"invoice":"INV-55501","contact":{"email":"ada@shop.test","firstname":"Ada"}}', responseBody: '{"error":"card declined"}' }),
      record({ merchantId: 'M2', orderId: 'K-old', requestBody: '{"invoice":"INV-55502","contact":{"email":"bo@shop.test","firstname":"Bo"}}', responseBody: '{"ok":true}' }),
      record({ merchantId: 'M2', orderId: 'K-rpc', requestBody: xmlRpc('Grace'), responseBody: '<methodResponse><params><param><value><i4>77</i4></value></param></params></methodResponse>' }),
      // Listed words as values, not keys.
      record({ merchantId: 'M2', orderId: 'K-value', requestBody: '{"note":"send the invoice to the billing email, by card"}', responseBody: '{"ok":true}' }),
      record({ merchantId: 'M2', orderId: 'K-none', requestBody: '{"note":"nothing structural here"}', responseBody: '{"ok":true}' }),
    ];
    for (const r of records) await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, r);
    await waitFor(async () => (await search2('ok')).length + (await search2('declined')).length + (await search2('grace')).length === 5, { what: 'the records stored' });

    const db = h.app.get(DataSource);
    const stored: Array<{ order_id: string; search_terms: string }> = await db.query(`SELECT order_id, search_terms FROM transmissions WHERE merchant_id = 'M2'`);
    const terms = new Map(stored.map((r) => [r.order_id, r.search_terms.split(' ')]));
    expect(terms.get('K-json')).toEqual(['inv', '55501', 'ada', 'shop', 'test', 'error', 'declined']);
    expect(terms.get('K-rpc')).toEqual(['contactservice', 'add', 'grace']);
    // K-old as the code before stored it: every distinct word of three or more characters, the structural ones too.
    const everyWord = (r: TransmissionRecordedV1) => [...new Set(words(`${r.requestBody} ${r.responseBody}`).filter((w) => w.length >= MIN_INDEXED_WORD_CHARS))];
    const old = records[1];
    expect(everyWord(old).filter((w) => STRUCTURAL_WORDS.has(w))).toEqual(['invoice', 'contact', 'email', 'firstname']);
    await db.query(`UPDATE transmissions SET search_terms = $1 WHERE order_id = 'K-old'`, [everyWord(old).join(' ')]);

    // What every search must find: the records whose bodies hold its words in that order (as when every word was indexed).
    const expected = (text: string) => {
      const want = words(text);
      return records
        .filter((r) => {
          const have = words(`${r.requestBody} ${r.responseBody}`);
          return have.some((_, i) => want.every((w, j) => have[i + j] === w));
        })
        .map((r) => r.orderId)
        .sort();
    };
    const cases: Array<[string, string[]]> = [
      ['firstname', ['K-json', 'K-old', 'K-rpc']],
      ['FirstName', ['K-json', 'K-old', 'K-rpc']],
      ['invoice', ['K-json', 'K-old', 'K-value']],
      ['Invoice INV-55501', ['K-json']],
      ['contact email', ['K-json', 'K-old']],
      ['methodName', ['K-rpc']],
      ['<name>FirstName</name>', ['K-rpc']],
      ['value string', ['K-rpc']],
      ['grace value', []],
      ['email ada', ['K-json']],
      ['billing email', ['K-value']],
      ['card declined', ['K-json']],
      ['card', ['K-json', 'K-value']],
      ['grace', ['K-rpc']],
      ['structural', ['K-none']],
      ['invoice grace', []],
    ];
    for (const [text, ids] of cases) {
      expect({ text, found: await search2(text) }).toEqual({ text, found: expected(text) });
      expect({ text, found: await search2(text) }).toEqual({ text, found: ids });
    }

    // The same answers once PostgreSQL's statistics name the common words.
    await db.query('ANALYZE transmissions');
    await h.app.get(TransmissionStore).commonWords(0);
    for (const [text, ids] of cases) expect({ text, found: await search2(text) }).toEqual({ text, found: ids });
  });
  it('pages a search with no indexed word newest first, walking the merchant\'s records without a sort: the same pages as a matcher over the bodies', async () => {
    const db = h.app.get(DataSource);
    const xmlRpc = (first: string) =>
      `<methodCall><methodName>ContactService.add</methodName><params><param><value><struct><member><name>FirstName</name><value><string>${first}</string></value></member></struct></value></param></params></methodCall>`;
    const bodies = (i: number) =>
      i % 5 === 0
        ? { requestBody: xmlRpc(`walker${i}`), responseBody: '<methodResponse><params><param><value><i4>1</i4></value></param></params></methodResponse>' }
        : i % 3 === 0
          ? { requestBody: `{"note":"walker ${i}, nothing else"}`, responseBody: '{"ok":true}' }
          : { requestBody: `{"contact":{"firstname":"Walker${i}","country":"${i % 2 ? 'US' : 'DE'}"}}`, responseBody: '{"ok":true}' };
    // Three days (partitions), a few records sharing a time: the keyset's id decides their order.
    const base = Date.now() - 3 * 86_400_000;
    const at = (i: number) => new Date(base + Math.floor(i / 2) * 2_000_000).toISOString();
    const mine = Array.from({ length: 130 }, (_, i) => record({ orderId: `P-${i}`, occurredAt: at(i), ...bodies(i) }));
    // Another merchant's records match too, interleaved in time: never in M1's pages.
    const theirs = Array.from({ length: 40 }, (_, i) => record({ merchantId: 'M2', orderId: `Q-${i}`, occurredAt: at(i * 3), ...bodies(i) }));
    for (const r of [...mine, ...theirs]) await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, r);
    await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM transmissions WHERE order_id LIKE 'P-%' OR order_id LIKE 'Q-%'`))[0].n === 170, {
      what: 'the records stored',
    });

    // Every M1 record (earlier tests' too), newest first, and a reference matcher over its bodies.
    const all: Array<{ id: string; order_id: string; body: string }> = await db.query(
      `SELECT id, order_id, coalesce(request_body, '') || ' ' || coalesce(response_body, '') AS body FROM transmissions WHERE merchant_id = 'M1' ORDER BY occurred_at DESC, id DESC`,
    );
    const expected = (text: string) => {
      const want = words(text);
      return all
        .filter((r) => {
          const have = words(r.body);
          return have.some((_, i) => want.every((w, j) => have[i + j] === w));
        })
        .map((r) => r.order_id);
    };
    const pages = async (text: string, limit: number) => {
      const found: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const { body } = await h.get<TransmissionPageV1>(`/transmissions?text=${encodeURIComponent(text)}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'support-m1');
        found.push(...body.items.map((i) => i.orderId as string));
        sizes.push(body.items.length);
        cursor = body.nextCursor;
      } while (cursor);
      return { found, sizes };
    };

    for (const [text, atLeast] of [['firstname', 70], ['FirstName', 70], ['us', 30], ['struct member', 26], ['country us', 30], ['ok', 100], ['zz', 0]] as const) {
      // Only short and structural words: the walk, not the index.
      expect(pageQuery('M1', { text }).setLocal).toBe(WALK_NEWEST_FIRST);
      const want = expected(text);
      expect(want.length).toBeGreaterThanOrEqual(atLeast);
      const { found, sizes } = await pages(text, 7);
      expect({ text, found }).toEqual({ text, found: want });
      // Full pages but the last, each going on strictly after the previous one's cursor.
      expect(sizes.slice(0, -1).every((n) => n === 7)).toBe(true);
      expect(new Set(found).size).toBe(found.length);
    }

    // The plan PostgreSQL runs for such a page: the merchant's records in index order, no sort.
    const q = pageQuery('M1', { text: 'firstname', limit: 7 });
    const plan: string = await db.transaction(async (tx) => {
      await tx.query(WALK_NEWEST_FIRST);
      const rows: Array<{ 'QUERY PLAN': string }> = await tx.query(`EXPLAIN ${q.text}`, q.values);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).not.toMatch(/Sort/);
    expect(plan).toMatch(/Index Scan using \S*merchant_id_occurred_at_id/);
    // Back on the pool as it was: the setting ended with its transaction.
    expect((await db.query('SHOW enable_sort'))[0].enable_sort).toBe('on');
  });
});
