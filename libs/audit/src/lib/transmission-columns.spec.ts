import type { TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { batchInsertSql, copySql, INSERT_COLUMNS, toCopyBuffer, toCopyText, toJsonRows, toRows } from './transmission-columns';

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
const redact = (t: string) => t.replace('SECRET', '***');

describe('batch rows', () => {
  it('one row per record, every text through the redactor, emails lowercased, absent values null', () => {
    const rows = toRows([record, { ...record, id: 'other', responseBody: undefined }], redact);
    expect(rows.map((r) => r.id)).toEqual([record.id, 'other']);
    expect(rows[0]).toMatchObject({ request_body: 'key=***&Invoice=INV-9', response_body: '{"code":0}', customer_email: 'ann@example.com', merchant_id: 'M1', occurred_at: record.occurredAt });
    expect(rows[1]).toMatchObject({ response_body: null, url: null, fault: null, http_status: null });
    expect(Object.keys(rows[0]).sort()).toEqual(INSERT_COLUMNS.map(([c]) => c).sort());
  });

  it("carries each record's search terms, taken from the redacted bodies (a redacted secret cannot be found)", () => {
    // `invoice` is a structural word (@hub/audit STRUCTURAL_WORDS): not stored.
    expect(toRows([record], redact)[0].search_terms).toBe('key inv code');
  });

  it('turns U+0000, which PostgreSQL text cannot hold, into U+FFFD instead of failing the batch', () => {
    const [row] = toRows([{ ...record, requestBody: 'a\u0000b', description: 'x\u0000', type: 's\u0000' }], redact);
    expect(row).toMatchObject({ request_body: 'a\uFFFDb', description: 'x\uFFFD', type: 's\uFFFD' });
  });

  it("writes COPY's text format: a line per row, a tab per column in INSERT_COLUMNS order, \\N for null, escapes", () => {
    const [row] = toRows([{ ...record, requestBody: 'line1\nline2\r\tC:\\dir', responseBody: undefined }], (t) => t);
    const lines = toCopyText([row, row]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const cells = lines[0].split('\t');
    expect(cells).toHaveLength(INSERT_COLUMNS.length);
    const cell = (c: string) => cells[INSERT_COLUMNS.findIndex(([name]) => name === c)];
    expect(cell('request_body')).toBe('line1\\nline2\\r\\tC:\\\\dir');
    expect(cell('response_body')).toBe('\\N');
    expect(cell('duration_ms')).toBe('5');
    expect(copySql()).toBe(`COPY transmissions (${INSERT_COLUMNS.map(([c]) => c).join(', ')}) FROM STDIN`);
  });

  it('writes the COPY text as UTF-8 bytes, growing its buffer past the first guess (multi-byte text, lone surrogates, 1 MB bodies)', () => {
    const big = `${'é€😀\t'.repeat(50_000)}${'x'.repeat(600_000)}`;
    const rows = toRows(
      [record, { ...record, requestBody: big, responseBody: 'broken \ud800 surrogate', description: 'naïve\r\n' }, { ...record, requestBody: undefined }],
      (t) => t,
    );
    // The format by definition: each value escaped, tabs between, a newline after each row.
    const escape = (v: string | number | null) => (v === null ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string));
    const expected = rows.map((row) => `${INSERT_COLUMNS.map(([c]) => escape(row[c])).join('\t')}\n`).join('');
    const bytes = toCopyBuffer(rows);
    expect(bytes.length).toBeGreaterThan(1_000_000);
    expect(bytes.equals(Buffer.from(expected))).toBe(true);
    expect(toCopyText(rows)).toBe(Buffer.from(expected).toString('utf8'));
  });

  it('the INSERT fallback is one statement with one JSON parameter, typed per column, skipping records stored before', () => {
    expect(JSON.parse(toJsonRows(toRows([record], redact)))).toEqual(toRows([record], redact));
    expect(batchInsertSql()).toContain('json_to_recordset($1::json) AS r(id uuid, merchant_id text,');
    expect(batchInsertSql()).toContain('occurred_at timestamptz, search_terms text)');
    expect(batchInsertSql()).toContain('ON CONFLICT (id, occurred_at) DO NOTHING');
  });
});
