import type { XmlRpcInput } from '@hub/codecs-xml-rpc';
import { SimFault } from './sim-fault';

export type Row = Record<string, unknown> & { Id: number };

/**
 * The tables the cascade touches (reference B.3) and their fields. Custom fields (leading `_`) are
 * accepted on Contact and Job, as Infusionsoft accepts the ones an account defined.
 */
export const TABLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Contact: [
    'Id', 'FirstName', 'LastName', 'Email', 'EmailAddress2', 'EmailAddress3', 'Company', 'Phone1', 'Phone2',
    'StreetAddress1', 'StreetAddress2', 'City', 'State', 'PostalCode', 'Country', 'OwnerID', 'LeadSourceId',
    'Leadsource', 'Groups', 'ContactType', 'DateCreated', 'LastUpdated', 'ReferralCode',
  ],
  ContactGroup: ['Id', 'GroupName', 'GroupCategoryId', 'GroupDescription'],
  ContactGroupAssign: ['GroupId', 'ContactGroup', 'DateCreated', 'ContactId'],
  LeadSource: ['Id', 'Name', 'Description', 'StartDate', 'EndDate', 'CostPerLead', 'Vendor', 'Medium', 'Message', 'LeadSourceCategoryId', 'Status'],
  Product: ['Id', 'ProductName', 'ProductPrice', 'Sku', 'ShortDescription', 'Taxable', 'Weight', 'Description', 'HideInStore', 'Status', 'Shippable'],
  ProductCategory: ['Id', 'CategoryDisplayName', 'ParentId'],
  ProductCategoryAssign: ['Id', 'ProductId', 'ProductCategoryId'],
  Job: [
    'Id', 'JobTitle', 'ContactId', 'StartDate', 'DueDate', 'JobNotes', 'ProductId', 'JobRecurringId', 'JobStatus',
    'DateCreated', 'OrderType', 'OrderStatus', 'LastUpdated',
  ],
  Invoice: [
    'Id', 'ContactId', 'JobId', 'DateCreated', 'InvoiceTotal', 'TotalPaid', 'TotalDue', 'PayStatus', 'CreditStatus',
    'RefundStatus', 'PayPlanStatus', 'AffiliateId', 'LeadAffiliateId', 'PromoCode', 'InvoiceType', 'Description',
    'ProductSold', 'Synced', 'LastUpdated',
  ],
  OrderItem: ['Id', 'OrderId', 'ProductId', 'SubscriptionPlanId', 'ItemName', 'Qty', 'CPU', 'PPU', 'ItemDescription', 'ItemType', 'Notes'],
  Payment: ['Id', 'PayDate', 'UserId', 'PayAmt', 'PayType', 'ContactId', 'PayNote', 'InvoiceId', 'RefundId', 'ChargeId', 'Commission', 'Synced'],
};
const CUSTOM_FIELD_TABLES = new Set(['Contact', 'Job']);

/** One Infusionsoft application's data: numbered rows per table, ids from 1 as Infusionsoft does. */
export class SimTables {
  private readonly rows = new Map<string, Map<number, Row>>();
  private nextId = 1;

  constructor() {
    for (const t of Object.keys(TABLE_FIELDS)) this.rows.set(t, new Map());
  }

  table(name: string): Map<number, Row> {
    const t = this.rows.get(name);
    if (!t) throw new SimFault(9, `[NoTableFound]No table found: ${name}`);
    return t;
  }

  checkFields(table: string, fields: Iterable<string>): void {
    const known = TABLE_FIELDS[table];
    if (!known) throw new SimFault(9, `[NoTableFound]No table found: ${table}`);
    for (const f of fields) {
      if (f.startsWith('_') && CUSTOM_FIELD_TABLES.has(table)) continue;
      if (!known.includes(f)) throw new SimFault(10, `[NoFieldFound]No field found: ${table}.${f}`);
    }
  }

  add(table: string, values: Record<string, unknown>): Row {
    this.checkFields(table, Object.keys(values));
    const row: Row = { ...values, Id: this.nextId++ };
    this.table(table).set(row.Id, row);
    return row;
  }

  get(table: string, id: number): Row {
    const row = this.table(table).get(id);
    if (!row) throw new SimFault(5, '[RecordNotFound]Record was not found');
    return row;
  }

  update(table: string, id: number, values: Record<string, unknown>): Row {
    this.checkFields(table, Object.keys(values));
    const row = this.get(table, id);
    Object.assign(row, values, { Id: id });
    return row;
  }

  delete(table: string, id: number): boolean {
    return this.table(table).delete(id);
  }

  /** `DataService.query` semantics: `%` wildcards, case-insensitive, `~null~` for empty. */
  query(table: string, criteria: Record<string, unknown>): Row[] {
    this.checkFields(table, Object.keys(criteria));
    const tests = Object.entries(criteria).map(([field, want]) => [field, matcher(want)] as const);
    return [...this.table(table).values()].filter((row) => tests.every(([field, test]) => test(row[field])));
  }

  all(table: string): Row[] {
    return [...this.table(table).values()];
  }

  counts(): Record<string, number> {
    return Object.fromEntries([...this.rows.entries()].map(([t, m]) => [t, m.size]));
  }

  dump(): Record<string, Row[]> {
    return Object.fromEntries([...this.rows.entries()].map(([t, m]) => [t, [...m.values()]]));
  }
}

function matcher(want: unknown): (value: unknown) => boolean {
  if (want === '~null~') return (v) => v === undefined || v === null || v === '';
  if (typeof want !== 'string') return (v) => v === want || String(v) === String(want);
  if (!want.includes('%')) return (v) => v !== undefined && v !== null && String(v).toLowerCase() === want.toLowerCase();
  const pattern = want
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${pattern}$`, 'is');
  return (v) => v !== undefined && v !== null && re.test(String(v));
}

/** Rows as the API returns them: only the wanted fields that have a value. */
export function pick(row: Row, fields: readonly string[] | undefined): { [field: string]: XmlRpcInput } {
  const names = fields && fields.length ? fields : Object.keys(row);
  // Stored values came in as XML-RPC values (or were made by the simulator as such).
  return Object.fromEntries(names.filter((f) => row[f] !== undefined && row[f] !== null).map((f) => [f, row[f] as XmlRpcInput]));
}
