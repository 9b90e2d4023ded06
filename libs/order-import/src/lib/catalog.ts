import { parse } from 'csv-parse/sync';
import { ImportProblem } from './problems';
import { toBoolean } from './values';

export interface CatalogOption {
  name: string;
  required: boolean;
  /** Allowed values; empty: free text. */
  values: string[];
}

/** One item of a merchant's catalog, as an import is checked and priced against it. */
export interface CatalogEntry {
  itemId: string;
  description?: string;
  /** Unit price in minor units of `currency`; undefined: the partner must send arbitraryUnitCost. */
  priceMinor?: number;
  currency: string;
  /** Physical goods need a ship-to address and a shipping method. */
  physical: boolean;
  inactive: boolean;
  /** Ordered before it is available: a warning. */
  preorder: boolean;
  options: CatalogOption[];
  /** Customer-selectable auto-order schedules (`Monthly`, `Every 2 Months`…); empty: none. */
  autoOrderSchedules: string[];
}

export const CATALOG_CSV_COLUMNS = ['item_id', 'description', 'price', 'currency', 'physical', 'inactive', 'preorder', 'options', 'auto_order_schedules'] as const;

/**
 * `options`: `Size*=S|M|L;Engraving` — `;` between options, `*` marks a required one, `=` lists
 * its allowed values (`|` between them); none listed: free text.
 */
export function parseOptions(text: string): CatalogOption[] {
  return text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec) => {
      const [head, values = ''] = spec.split('=', 2);
      const required = head.trim().endsWith('*');
      return { name: head.trim().replace(/\*$/, '').trim(), required, values: values.split('|').map((v) => v.trim()).filter(Boolean) };
    });
}

export function formatOptions(options: CatalogOption[]): string {
  return options.map((o) => `${o.name}${o.required ? '*' : ''}${o.values.length ? `=${o.values.join('|')}` : ''}`).join(';');
}

/**
 * A catalog CSV with a header row (CATALOG_CSV_COLUMNS; only `item_id` is required). Every row
 * is checked; problems name the line and column, and nothing is loaded when there is any.
 */
export function parseCatalogCsv(text: string): { items: CatalogEntry[]; problems: ImportProblem[] } {
  let rows: Array<Record<string, string>>;
  try {
    rows = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, max_record_size: 64 * 1024 });
  } catch (err) {
    return { items: [], problems: [{ field: '(csv)', message: (err as Error).message }] };
  }
  const problems: ImportProblem[] = [];
  const items: CatalogEntry[] = [];
  const seen = new Set<string>();
  const headers = rows.length ? Object.keys(rows[0]) : [];
  for (const h of headers) if (!(CATALOG_CSV_COLUMNS as readonly string[]).includes(h)) problems.push({ field: `(header).${h}`, message: `is not a catalog column (${CATALOG_CSV_COLUMNS.join(', ')})` });
  rows.forEach((row, i) => {
    const at = (col: string) => `line ${i + 2}.${col}`;
    const bool = (col: string, fallback: boolean): boolean => {
      const v = row[col];
      if (v === undefined || v === '') return fallback;
      const b = toBoolean(v);
      if (typeof b !== 'boolean') problems.push({ field: at(col), message: 'must be true or false (Y/N, 1/0)' });
      return b === true;
    };
    const itemId = row['item_id'] ?? '';
    if (!itemId) problems.push({ field: at('item_id'), message: 'is required' });
    else if (itemId.length > 20) problems.push({ field: at('item_id'), message: 'must be at most 20 characters' });
    else if (seen.has(itemId)) problems.push({ field: at('item_id'), message: `${itemId} appears more than once` });
    seen.add(itemId);
    let priceMinor: number | undefined;
    if (row['price']) {
      if (!/^\d+(\.\d{1,2})?$/.test(row['price'])) problems.push({ field: at('price'), message: 'must be an amount like 19.99' });
      else priceMinor = Math.round(Number(row['price']) * 100);
    }
    const currency = (row['currency'] || 'USD').toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) problems.push({ field: at('currency'), message: 'must be a three-letter currency code' });
    items.push({
      itemId,
      description: row['description'] || undefined,
      priceMinor,
      currency,
      physical: bool('physical', true),
      inactive: bool('inactive', false),
      preorder: bool('preorder', false),
      options: parseOptions(row['options'] ?? ''),
      autoOrderSchedules: (row['auto_order_schedules'] ?? '').split('|').map((s) => s.trim()).filter(Boolean),
    });
  });
  if (!rows.length) problems.push({ field: '(csv)', message: 'has no item rows' });
  return { items: problems.length ? [] : items, problems };
}
