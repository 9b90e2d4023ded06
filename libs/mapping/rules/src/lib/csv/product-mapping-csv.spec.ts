import { Readable } from 'node:stream';
import { CsvRecord, MappingCrm, ProductMappingRow, readMappingCsv, writeMappingCsv } from './product-mapping-csv';

async function read(text: string, crm: MappingCrm = 'ontraport', maxRows?: number): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readMappingCsv(Readable.from([text]), crm, { maxRows })) out.push(r);
  return out;
}

const errors = (records: CsvRecord[]) => records.flatMap((r) => (r.kind === 'error' ? [r.error] : []));
const rows = (records: CsvRecord[]) => records.flatMap((r) => (r.kind === 'row' ? [r.row] : []));

async function text(readable: Readable): Promise<string> {
  let s = '';
  for await (const chunk of readable) s += chunk;
  return s;
}

describe('product mapping CSV', () => {
  it('reads ONTRAPORT rows by name, with optional id and external id, columns in any order', async () => {
    const got = await read('product_name,item_id,product_id,external_id\n"The Book, 2nd ed.",BOOK,,ext-1\nPen,PEN,42,\n');
    expect(errors(got)).toEqual([]);
    expect(rows(got)).toEqual([
      { itemId: 'BOOK', productName: 'The Book, 2nd ed.', externalId: 'ext-1' },
      { itemId: 'PEN', productName: 'Pen', productId: 42 },
    ]);
  });

  it('reports every bad row with its line number and field, and keeps the good ones', async () => {
    const got = await read('item_id,product_name,product_id\nA,Alpha,\n,Nameless,\nB,,\nC,Gamma,abc\nA,Again,\n');
    expect(rows(got).map((r) => r.itemId)).toEqual(['A']);
    expect(errors(got)).toEqual([
      { line: 3, field: 'item_id', message: expect.stringContaining('item_id is required') },
      { line: 4, field: 'product_name', message: expect.stringContaining('need a product_name') },
      { line: 5, field: 'product_id', message: expect.stringContaining('positive whole number') },
      { line: 6, field: 'item_id', message: expect.stringContaining('more than once') },
    ]);
  });

  it('counts lines as the file has them, quoted line breaks included', async () => {
    const got = await read('item_id,product_name\nA,"two\nlines"\nB,\n');
    expect(errors(got)).toEqual([{ line: 4, field: 'product_name', message: expect.any(String) }]);
  });

  it('needs Infusionsoft product ids and refuses ONTRAPORT-only fields there', async () => {
    const got = await read('item_id,product_id,external_id\nA,7,\nB,,\nC,8,x\n', 'infusionsoft');
    expect(rows(got)).toEqual([{ itemId: 'A', productId: 7 }]);
    expect(errors(got).map((e) => [e.line, e.field])).toEqual([
      [3, 'product_id'],
      [4, 'external_id'],
    ]);
  });

  it('refuses an unknown header at once, and a broken file at the broken line', async () => {
    expect(errors(await read('sku,name\nA,B\n'))).toEqual([{ line: 1, message: expect.stringContaining('unknown: sku, name') }]);
    const broken = errors(await read('item_id,product_name\nA,Alpha\nB,"unclosed\n'));
    expect(broken).toHaveLength(1);
    expect(broken[0].message).toContain('cannot be read');
    const wrongCount = errors(await read('item_id,product_name\nA,Alpha\nB,Beta,extra\n'));
    expect(wrongCount[0].line).toBe(3);
  });

  it('stops past the row limit', async () => {
    expect(errors(await read('item_id,product_name\nA,a\nB,b\nC,c\n', 'ontraport', 2))).toEqual([{ line: 4, message: expect.stringContaining('more than 2 rows') }]);
  });

  it('writes what it reads (round trip), quoting where CSV needs it', async () => {
    const input: ProductMappingRow[] = [
      { itemId: 'BOOK', productName: 'The "Book", 2nd ed.', externalId: 'e1' },
      { itemId: 'PEN', productName: 'Pen', productId: 42 },
    ];
    const csv = await text(writeMappingCsv(input));
    expect(csv.split('\n')[0]).toBe('item_id,product_name,product_id,external_id');
    expect(rows(await read(csv))).toEqual(input);
  });
});
