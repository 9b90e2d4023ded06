import { xmlRpc, type XmlRpcInput } from '@hub/codecs-xml-rpc';
import { FAULTS, SimFault } from './sim-fault';
import { pick, type Row, type SimTables } from './sim-tables';

/** What one application remembers besides its tables: side effects a test wants to see. */
export interface SimApp {
  name: string;
  apiKey: string;
  accessToken?: string;
  serviceAccountKey?: string;
  tables: SimTables;
  actionSetRuns: Array<{ contactId: number; actionSetId: number }>;
  goals: Array<{ integration: string; callName: string; contactId: number }>;
}

type Method = (app: SimApp, args: unknown[]) => XmlRpcInput;

const int = (v: unknown, what: string): number => {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw FAULTS.invalidParameter(`${what} must be an int`);
};
const str = (v: unknown, what: string): string => {
  if (typeof v === 'string') return v;
  throw FAULTS.invalidParameter(`${what} must be a string`);
};
const struct = (v: unknown, what: string): Record<string, unknown> => {
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date)) return v as Record<string, unknown>;
  throw FAULTS.invalidParameter(`${what} must be a struct`);
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const money = (v: unknown, what: string): number => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw FAULTS.invalidParameter(`${what} must be a double`);
};
const round2 = (n: number): number => Math.round(n * 100) / 100;
const now = () => xmlRpc.dateTime(new Date());

function contact(app: SimApp, id: number): Row {
  return app.tables.get('Contact', id);
}

function recalc(app: SimApp, invoice: Row): void {
  const total = round2(
    app.tables.query('OrderItem', { OrderId: invoice['JobId'] }).reduce((s, i) => s + Number(i['PPU']) * Number(i['Qty']), 0),
  );
  const paid = round2(app.tables.query('Payment', { InvoiceId: invoice.Id }).reduce((s, p) => s + Number(p['PayAmt']), 0));
  Object.assign(invoice, { InvoiceTotal: total, TotalPaid: paid, TotalDue: round2(total - paid), PayStatus: paid >= total && total > 0 ? 1 : 0 });
}

function addToGroup(app: SimApp, contactId: number, groupId: number): boolean {
  const c = contact(app, contactId);
  const group = app.tables.get('ContactGroup', groupId);
  if (!app.tables.query('ContactGroupAssign', { ContactId: contactId, GroupId: groupId }).length) {
    app.tables.add('ContactGroupAssign', { ContactId: contactId, GroupId: groupId, ContactGroup: group['GroupName'], DateCreated: now() });
  }
  c['Groups'] = app.tables.query('ContactGroupAssign', { ContactId: contactId }).map((a) => a['GroupId']).join(',');
  return true;
}

function createOrder(app: SimApp, contactId: number, description: string, orderDate: unknown): Row {
  contact(app, contactId);
  const date = orderDate instanceof Date ? xmlRpc.dateTime(orderDate) : now();
  const job = app.tables.add('Job', { JobTitle: description, ContactId: contactId, StartDate: date, DateCreated: now(), OrderType: 'Offline', OrderStatus: 0 });
  return app.tables.add('Invoice', {
    ContactId: contactId, JobId: job.Id, Description: description, DateCreated: date, InvoiceTotal: 0, TotalPaid: 0, TotalDue: 0, PayStatus: 0,
  });
}

function addItem(app: SimApp, invoiceId: number, productId: number, type: number, price: number, qty: number, name: string, notes: string): void {
  const invoice = app.tables.get('Invoice', invoiceId);
  if (productId !== 0 && !app.tables.table('Product').has(productId)) throw FAULTS.invalidParameter(`Product ${productId} does not exist`);
  if (![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].includes(type)) throw FAULTS.invalidParameter(`Invalid order item type: ${type}`);
  app.tables.add('OrderItem', { OrderId: invoice['JobId'], ProductId: productId, ItemType: type, PPU: price, CPU: 0, Qty: qty, ItemName: name, ItemDescription: name, Notes: notes });
  recalc(app, invoice);
}

/** Method name → behaviour, the key parameter already checked and removed. */
export const METHODS: Readonly<Record<string, Method>> = {
  'ContactService.add': (app, [data]) => app.tables.add('Contact', { ...struct(data, 'data'), DateCreated: now() }).Id,
  'ContactService.addWithDupCheck': (app, [data, dupCheck]) => {
    const values = struct(data, 'data');
    const kind = str(dupCheck, 'dupCheckType');
    if (!['Email', 'EmailAndName', 'EmailAndNameAndCompany'].includes(kind)) throw FAULTS.invalidParameter(`Invalid dupCheckType: ${kind}`);
    const email = typeof values['Email'] === 'string' ? values['Email'] : undefined;
    const criteria: Record<string, unknown> = email ? { Email: email } : {};
    if (kind !== 'Email') Object.assign(criteria, { FirstName: values['FirstName'] ?? '~null~', LastName: values['LastName'] ?? '~null~' });
    if (kind === 'EmailAndNameAndCompany') criteria['Company'] = values['Company'] ?? '~null~';
    const existing = email ? app.tables.query('Contact', criteria)[0] : undefined;
    if (existing) return app.tables.update('Contact', existing.Id, { ...values, LastUpdated: now() }).Id;
    return app.tables.add('Contact', { ...values, DateCreated: now() }).Id;
  },
  'ContactService.update': (app, [id, data]) => app.tables.update('Contact', int(id, 'contactId'), struct(data, 'data')).Id,
  'ContactService.load': (app, [id, fields]) => pick(contact(app, int(id, 'contactId')), list(fields) as string[]),
  'ContactService.findByEmail': (app, [email, fields]) =>
    app.tables.all('Contact')
      .filter((c) => [c['Email'], c['EmailAddress2'], c['EmailAddress3']].some((e) => typeof e === 'string' && e.toLowerCase() === str(email, 'email').toLowerCase()))
      .map((c) => pick(c, list(fields) as string[])),
  'ContactService.addToGroup': (app, [cid, gid]) => addToGroup(app, int(cid, 'contactId'), int(gid, 'groupId')),
  'ContactService.removeFromGroup': (app, [cid, gid]) => {
    const rows = app.tables.query('ContactGroupAssign', { ContactId: int(cid, 'contactId'), GroupId: int(gid, 'groupId') });
    for (const r of rows) app.tables.delete('ContactGroupAssign', r.Id);
    return true;
  },
  'ContactService.runActionSequence': (app, [cid, aid]) => {
    const contactId = int(cid, 'contactId');
    contact(app, contactId);
    const actionSetId = int(aid, 'actionSetId');
    app.actionSetRuns.push({ contactId, actionSetId });
    return [{ Action: 'Apply/Remove Tag', Message: `action set ${actionSetId} run for contact ${contactId}`, IsError: false }];
  },
  'DataService.add': (app, [table, values]) => app.tables.add(str(table, 'table'), struct(values, 'values')).Id,
  'DataService.update': (app, [table, id, values]) => app.tables.update(str(table, 'table'), int(id, 'Id'), struct(values, 'values')).Id,
  'DataService.load': (app, [table, id, fields]) => pick(app.tables.get(str(table, 'table'), int(id, 'Id')), list(fields) as string[]),
  'DataService.delete': (app, [table, id]) => app.tables.delete(str(table, 'table'), int(id, 'Id')),
  'DataService.findByField': (app, [table, limit, page, field, value, fields]) => {
    const rows = app.tables.query(str(table, 'table'), { [str(field, 'fieldName')]: value });
    return paged(rows, limit, page).map((r) => pick(r, list(fields) as string[]));
  },
  'DataService.query': (app, [table, limit, page, query, fields, orderBy, ascending]) => {
    const rows = app.tables.query(str(table, 'table'), struct(query, 'queryData'));
    if (typeof orderBy === 'string' && orderBy) {
      const dir = ascending === false ? -1 : 1;
      const key = (r: Row) => (typeof r[orderBy] === 'number' ? (r[orderBy] as number) : String(r[orderBy]));
      rows.sort((a, b) => (key(a) < key(b) ? -dir : key(a) > key(b) ? dir : 0));
    }
    return paged(rows, limit, page).map((r) => pick(r, list(fields) as string[]));
  },
  'DataService.count': (app, [table, query]) => app.tables.query(str(table, 'table'), struct(query, 'queryData')).length,
  'InvoiceService.createBlankOrder': (app, [cid, description, date]) => createOrder(app, int(cid, 'contactId'), str(description, 'description'), date).Id,
  'InvoiceService.addOrderItem': (app, [inv, pid, type, price, qty, name, notes]) => {
    addItem(app, int(inv, 'invoiceId'), int(pid, 'productId'), int(type, 'type'), money(price, 'price'), int(qty, 'quantity'), str(name, 'description'), typeof notes === 'string' ? notes : '');
    return true;
  },
  'InvoiceService.addManualPayment': (app, [inv, amt, date, type, description]) => {
    const invoice = app.tables.get('Invoice', int(inv, 'invoiceId'));
    app.tables.add('Payment', {
      InvoiceId: invoice.Id, ContactId: invoice['ContactId'], PayAmt: money(amt, 'amt'), PayType: str(type, 'paymentType'),
      PayNote: str(description, 'paymentDescription'), PayDate: date instanceof Date ? xmlRpc.dateTime(date) : now(),
    });
    recalc(app, invoice);
    return true;
  },
  'InvoiceService.calculateAmountOwed': (app, [inv]) => xmlRpc.double(Number(app.tables.get('Invoice', int(inv, 'invoiceId'))['TotalDue'])),
  'InvoiceService.deleteInvoice': (app, [inv]) => {
    const invoice = app.tables.get('Invoice', int(inv, 'invoiceId'));
    app.tables.delete('Job', Number(invoice['JobId']));
    return app.tables.delete('Invoice', invoice.Id);
  },
  'OrderService.placeOrder': (app, [cid, _card, _plan, productIds, _subs, _specials, promoCodes]) => {
    const ids = list(productIds).map((p) => int(p, 'productId'));
    for (const id of ids) if (!app.tables.table('Product').has(id)) throw FAULTS.invalidParameter(`Product ${id} does not exist`);
    const invoice = createOrder(app, int(cid, 'contactId'), 'Order placed through the API', undefined);
    for (const id of ids) {
      const p = app.tables.get('Product', id);
      addItem(app, invoice.Id, id, 4, Number(p['ProductPrice'] ?? 0), 1, String(p['ProductName']), '');
    }
    invoice['PromoCode'] = list(promoCodes).map(String).join(',');
    // With no card (id 0) nothing is charged: the order stays unpaid, as in test merchant mode.
    return { Successful: true, Message: 'Order placed', RefNum: '', OrderId: invoice['JobId'] as number, InvoiceId: invoice.Id, Code: 'SKIPPED' };
  },
  'FunnelService.achieveGoal': (app, [integration, callName, cid]) => {
    const contactId = int(cid, 'contactId');
    contact(app, contactId);
    app.goals.push({ integration: str(integration, 'integration'), callName: str(callName, 'callName'), contactId });
    return [{ success: true, msg: 'Goal achieved', integration: integration as string, callName: callName as string }];
  },
};

function paged(rows: Row[], limit: unknown, page: unknown): Row[] {
  const size = Math.min(typeof limit === 'number' && limit > 0 ? limit : 1000, 1000);
  const p = typeof page === 'number' && page >= 0 ? page : 0;
  return rows.slice(p * size, p * size + size);
}

export function runMethod(app: SimApp, method: string, args: unknown[]): XmlRpcInput {
  const fn = Object.prototype.hasOwnProperty.call(METHODS, method) ? METHODS[method] : undefined;
  if (!fn) throw FAULTS.noSuchHandler(method);
  return fn(app, args);
}

export { SimFault };
