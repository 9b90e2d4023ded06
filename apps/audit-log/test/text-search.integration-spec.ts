import { DataSource } from 'typeorm';
import { RoutingKeys, TransmissionPageV1, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { waitFor } from '@hub/testing';
import { TransmissionStore } from '@hub/audit-service';
import { AuditHarness, record } from './audit-harness';

describe('audit-log body search with common and short words left to the phrase check', () => {
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
    expect([...common]).toEqual(expect.arrayContaining(['sku', 'catalog', 'items']));
    expect(common.has('1918')).toBe(false);

    // Now only "1918" goes to the index; the phrase check still needs "sku" right before it.
    expect(await search('SKU-1918')).toEqual(before);
    expect(await search('sku')).toHaveLength(records.length);
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
    expect(stored.search_terms.split(' ').sort()).toEqual(['10001', 'address', 'new', 'york']);

    expect(await search('CA')).toEqual(['S-ca']);
    expect(await search('ca 95014')).toEqual(['S-ca']);
    expect(await search('95014')).toEqual(['S-ca', 'S-cab']);
    expect(await search('York, NY')).toEqual(['S-ny']);
    expect(await search('ok 1')).toEqual(['S-ny']);
    expect(await search('ny york')).toEqual([]);
    expect(await search('zz')).toEqual([]);
  });
});
