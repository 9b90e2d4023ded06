import type { TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { batchInsertSql, INSERT_COLUMNS, toJsonRows } from './transmission-columns';

const record: TransmissionRecordedV1 = {
  id: '0b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e10',
  merchantId: 'M1',
  integration: 'ontraport',
  direction: 'outbound',
  type: 'sale',
  status: 'succeeded',
  description: 'd',
  customerEmail: ' Ann@Example.com',
  requestBody: 'key=SECRET&Invoice=INV-9',
  responseBody: '{"code":0}',
  durationMs: 5,
  attempt: 1,
  occurredAt: '2026-11-24T04:00:00.000Z',
};

describe('batch insert rows', () => {
  it('one JSON row per record, every text through the redactor, emails lowercased, absent values null', () => {
    const rows = JSON.parse(toJsonRows([record, { ...record, id: 'other' }], (t) => t.replace('SECRET', '***'))) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r['id'])).toEqual([record.id, 'other']);
    expect(rows[0]).toMatchObject({ request_body: 'key=***&Invoice=INV-9', response_body: '{"code":0}', customer_email: 'ann@example.com', merchant_id: 'M1', occurred_at: record.occurredAt });
    expect(JSON.parse(toJsonRows([{ ...record, responseBody: undefined }], (t) => t))[0]).toMatchObject({ response_body: null });
    expect(Object.keys(rows[0]).sort()).toEqual(INSERT_COLUMNS.map(([c]) => c).sort());
  });

  it("carries each record's search terms, taken from the redacted bodies (a redacted secret cannot be found)", () => {
    const [row] = JSON.parse(toJsonRows([record], (t) => t.replace('SECRET', '***'))) as Array<Record<string, unknown>>;
    expect(row['search_terms']).toBe('key invoice inv 9 code 0');
  });

  it('is one statement with one parameter, typed per column', () => {
    expect(batchInsertSql()).toContain('json_to_recordset($1::json) AS r(id uuid, merchant_id text,');
    expect(batchInsertSql()).toContain('occurred_at timestamptz, search_terms text)');
    expect(batchInsertSql()).toContain('ON CONFLICT (id, occurred_at) DO NOTHING');
  });
});
