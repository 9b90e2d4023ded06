import type { TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { batchInsertSql, INSERT_COLUMNS, toColumnArrays } from './transmission-columns';

const record: TransmissionRecordedV1 = {
  id: '0b6f6c1e-4d8a-4a53-9c39-1d7f3c2a9e10',
  merchantId: 'M1',
  integration: 'ontraport',
  direction: 'outbound',
  type: 'sale',
  status: 'succeeded',
  description: 'd',
  customerEmail: ' Ann@Example.com',
  requestBody: 'key=SECRET',
  durationMs: 5,
  attempt: 1,
  occurredAt: '2026-11-24T04:00:00.000Z',
};

describe('batch insert columns', () => {
  it('one array per column, every text through the redactor, emails lowercased, absent values null', () => {
    const cols = toColumnArrays([record, { ...record, id: 'other' }], (t) => t.replace('SECRET', '***'));
    expect(cols).toHaveLength(INSERT_COLUMNS.length);
    const at = (name: string) => cols[INSERT_COLUMNS.findIndex(([c]) => c === name)];
    expect(at('id')).toEqual([record.id, 'other']);
    expect(at('request_body')).toEqual(['key=***', 'key=***']);
    expect(at('response_body')).toEqual([null, null]);
    expect(at('customer_email')).toEqual(['ann@example.com', 'ann@example.com']);
  });

  it('is one statement with one parameter per column', () => {
    expect(batchInsertSql()).toContain(`$${INSERT_COLUMNS.length}::timestamptz[]`);
    expect(batchInsertSql()).toContain('ON CONFLICT (id, occurred_at) DO NOTHING');
  });
});
