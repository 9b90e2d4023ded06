import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { stringify } from 'csv-stringify';

export const MAPPING_CRMS = ['ontraport', 'infusionsoft'] as const;
export type MappingCrm = (typeof MAPPING_CRMS)[number];

/** Cart item id → the product in one CRM. ONTRAPORT goes by name (or id); Infusionsoft by product id. */
export interface ProductMappingRow {
  itemId: string;
  productName?: string;
  productId?: number;
  externalId?: string;
}

export const MAPPING_CSV_COLUMNS = ['item_id', 'product_name', 'product_id', 'external_id'] as const;
type Column = (typeof MAPPING_CSV_COLUMNS)[number];

export interface CsvRowError {
  /** 1-based line in the file (the header is line 1). */
  line: number;
  field?: Column;
  message: string;
}

export type CsvRecord = { kind: 'row'; line: number; row: ProductMappingRow } | { kind: 'error'; error: CsvRowError };

// Control characters would make ids that look alike differ; the cart never sends them.
// eslint-disable-next-line no-control-regex
const ITEM_ID = /^[^\x00-\x1f\x7f]{1,100}$/;

/** One row's fields → a mapping, or what is wrong with it (field by field). */
export function validateMappingRow(
  crm: MappingCrm,
  fields: Partial<Record<Column, string>>,
  line: number,
): { kind: 'row'; row: ProductMappingRow } | { kind: 'errors'; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  const itemId = fields.item_id ?? '';
  if (!ITEM_ID.test(itemId)) errors.push({ line, field: 'item_id', message: 'item_id is required (1–100 characters, no control characters)' });
  const productName = fields.product_name || undefined;
  if (productName && productName.length > 255) errors.push({ line, field: 'product_name', message: 'product_name is longer than 255 characters' });
  let productId: number | undefined;
  if (fields.product_id) {
    productId = /^[1-9][0-9]{0,14}$/.test(fields.product_id) ? Number(fields.product_id) : undefined;
    if (productId === undefined) errors.push({ line, field: 'product_id', message: `product_id must be a positive whole number, not "${fields.product_id.slice(0, 40)}"` });
  }
  const externalId = fields.external_id || undefined;
  if (crm === 'infusionsoft') {
    if (!fields.product_id) errors.push({ line, field: 'product_id', message: 'Infusionsoft mappings need the product_id of the Infusionsoft product' });
    if (externalId) errors.push({ line, field: 'external_id', message: 'external_id is an ONTRAPORT field; leave it empty for Infusionsoft' });
  } else if (!productName && !fields.product_id) {
    errors.push({ line, field: 'product_name', message: 'ONTRAPORT mappings need a product_name (or a product_id)' });
  }
  if (externalId && externalId.length > 100) errors.push({ line, field: 'external_id', message: 'external_id is longer than 100 characters' });
  if (errors.length) return { kind: 'errors', errors };
  return { kind: 'row', row: { itemId, ...(productName ? { productName } : {}), ...(productId ? { productId } : {}), ...(externalId ? { externalId } : {}) } };
}

/**
 * Streams a mapping CSV (header `item_id,product_name,product_id,external_id`, any order, only
 * `item_id` required) into rows and per-row errors with their line numbers. Memory stays flat
 * whatever the size, apart from the set of item ids seen (to report duplicates). A file whose
 * structure is broken (unclosed quote, wrong column count) ends with one error at that line.
 */
export async function* readMappingCsv(input: Readable, crm: MappingCrm, options: { maxRows?: number } = {}): AsyncGenerator<CsvRecord> {
  const maxRows = options.maxRows ?? 1_000_000;
  const parser = parse({ bom: true, skip_empty_lines: true, trim: true, info: true, max_record_size: 64 * 1024 });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let header: Column[] | undefined;
  const seen = new Set<string>();
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!header) {
        const unknown = record.filter((c) => !(MAPPING_CSV_COLUMNS as readonly string[]).includes(c.toLowerCase()));
        header = record.map((c) => c.toLowerCase() as Column);
        if (unknown.length || !header.includes('item_id')) {
          yield { kind: 'error', error: { line, message: `the header must name item_id and only ${MAPPING_CSV_COLUMNS.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}` } };
          return;
        }
        continue;
      }
      if (++rows > maxRows) {
        yield { kind: 'error', error: { line, message: `more than ${maxRows} rows: split the file` } };
        return;
      }
      const fields: Partial<Record<Column, string>> = {};
      header.forEach((c, i) => (fields[c] = record[i]));
      const result = validateMappingRow(crm, fields, line);
      if (result.kind === 'errors') {
        yield* result.errors.map((error): CsvRecord => ({ kind: 'error', error }));
      } else if (seen.has(result.row.itemId)) {
        yield { kind: 'error', error: { line, field: 'item_id', message: `item ${result.row.itemId} appears more than once in the file` } };
      } else {
        seen.add(result.row.itemId);
        yield { kind: 'row', line, row: result.row };
      }
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = (err as CsvError & { lines?: number }).lines;
    yield { kind: 'error', error: { line: line ?? 0, message: `the CSV cannot be read here: ${err.message}` } };
  }
}

/** Rows → CSV text with the standard header (streamed, for exports of any size). */
export function writeMappingCsv(rows: AsyncIterable<ProductMappingRow> | Iterable<ProductMappingRow>): Readable {
  const out = stringify({ header: true, columns: [...MAPPING_CSV_COLUMNS] });
  void (async () => {
    try {
      for await (const r of rows) {
        if (!out.write([r.itemId, r.productName ?? '', r.productId ?? '', r.externalId ?? ''])) await new Promise((res) => out.once('drain', res));
      }
      out.end();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}
