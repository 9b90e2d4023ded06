import type { Client } from 'pg';
import type { Channel } from 'amqplib';
import { BenchHub } from './bench-hub';
import type { BenchMerchant } from './merchants';
import { Crm, Expectation, ORDER_KINDS } from './workload';

/** One CRM's outbound records for one order (or one customer email), from audit-log's table. */
interface RecordGroup {
  n: number;
  succeeded: number;
  /** When the last CRM call was answered (the record's time), epoch ms. */
  lastCall: number;
  /** When audit-log stored the last of them, epoch ms. */
  logged: number;
}

export interface AuditView {
  byOrder: Map<string, RecordGroup>;
  byEmail: Map<string, RecordGroup>;
  outbound: Record<Crm, number>;
}

const key = (merchant: string, crm: string, id: string) => `${merchant}|${crm}|${id}`;

/** Every outbound transmission (CRM call) audit-log stored since `since`, grouped by order and by email. */
export async function auditView(db: Client, schema: string, since: Date): Promise<AuditView> {
  const { rows } = await db.query(
    `SELECT merchant_id, integration, order_id, customer_email, count(*)::int AS n,
            (count(*) FILTER (WHERE status = 'succeeded'))::int AS succeeded,
            (extract(epoch FROM max(occurred_at)) * 1000)::float8 AS last_call,
            (extract(epoch FROM max(received_at)) * 1000)::float8 AS logged
       FROM "${schema}".transmissions
      WHERE direction = 'outbound' AND occurred_at >= $1
      GROUP BY 1, 2, 3, 4`,
    [since],
  );
  const view: AuditView = { byOrder: new Map(), byEmail: new Map(), outbound: { ontraport: 0, infusionsoft: 0 } };
  const add = (map: Map<string, RecordGroup>, k: string, r: { n: number; succeeded: number; last_call: number; logged: number }) => {
    const g = map.get(k) ?? { n: 0, succeeded: 0, lastCall: 0, logged: 0 };
    g.n += r.n;
    g.succeeded += r.succeeded;
    g.lastCall = Math.max(g.lastCall, r.last_call);
    g.logged = Math.max(g.logged, r.logged);
    map.set(k, g);
  };
  for (const r of rows) {
    if (r.integration in view.outbound) view.outbound[r.integration as Crm] += r.n;
    if (r.order_id) add(view.byOrder, key(r.merchant_id, r.integration, r.order_id), r);
    if (r.customer_email) add(view.byEmail, key(r.merchant_id, r.integration, String(r.customer_email).toLowerCase()), r);
  }
  return view;
}

/** The records of one expectation in one CRM: by order id where it has one, else by its customer's email. */
export function recordsOf(view: AuditView, e: Expectation, crm: Crm): RecordGroup | undefined {
  return e.orderId ? view.byOrder.get(key(e.merchant.id, crm, e.orderId)) : view.byEmail.get(key(e.merchant.id, crm, e.email));
}

/** Calls the simulators counted so far (ONTRAPORT: authenticated requests; Infusionsoft: XML-RPC calls). */
export async function simCalls(hub: BenchHub): Promise<Record<Crm, number>> {
  const op = (await (await fetch(`${hub.ontraport.url}/__sim/state`)).json()) as { accounts: Record<string, { counters: { requests: number } }> };
  const is = (await (await fetch(`${hub.infusionsoft.url}/__sim/state`)).json()) as { calls: { total: number } };
  return { ontraport: Object.values(op.accounts).reduce((s, a) => s + a.counters.requests, 0), infusionsoft: is.calls.total };
}

/** Messages waiting in any of the vhost's queues (consumer, delay and parking queues), by name. */
export async function queueDepths(hub: BenchHub, ch: Channel): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const name of await queueNames(hub)) out.set(name, (await ch.checkQueue(name)).messageCount);
  return out;
}

async function queueNames(hub: BenchHub): Promise<string[]> {
  const base = new URL(hub.vhost.url);
  const auth = 'Basic ' + Buffer.from(`${decodeURIComponent(base.username || 'guest')}:${decodeURIComponent(base.password || 'guest')}`).toString('base64');
  const res = await fetch(`http://${base.hostname}:${process.env['RABBITMQ_MANAGEMENT_PORT'] ?? 15672}/api/queues/${encodeURIComponent(hub.vhost.vhost)}?columns=name`, { headers: { authorization: auth } });
  if (!res.ok) throw new Error(`management API: ${res.status}`);
  return ((await res.json()) as Array<{ name: string }>).map((q) => q.name).filter((n) => !n.startsWith('amq.'));
}

interface OpAccount {
  contacts: Array<{ id: number; email: string; tags: number[] }>;
  transactions: Array<{ id: number; external_order_id: string | null; status: string }>;
  purchases: Array<{ contact_id: number; transaction_id: number | null; refunded: number; status: string; source: string }>;
  tags: Record<string, number>;
}
type Row = Record<string, unknown> & { Id: number };

/**
 * What each simulator shows for each expectation — the effect a merchant would look for in the CRM:
 * one sale per order (ONTRAPORT: the transaction of the order id, or the contact's logged purchases
 * with the legacy API; Infusionsoft: one paid invoice "UltraCart order <id>"), the refund on the
 * sale's purchases, the ship date on the order's job, the tags on the abandoner's and the
 * affiliate's contact. Returns the problems of each expectation that is not there (or there twice).
 */
export async function verifyInSimulators(hub: BenchHub, expectations: Expectation[]): Promise<Map<Expectation, string[]>> {
  const op = ((await (await fetch(`${hub.ontraport.url}/__sim/state`)).json()) as { accounts: Record<string, OpAccount> }).accounts;
  const isTables = new Map<string, Record<string, Row[]>>();
  const table = async (app: string, name: string): Promise<Row[]> => {
    const t = isTables.get(app) ?? {};
    isTables.set(app, t);
    t[name] ??= (await (await fetch(`${hub.infusionsoft.url}/__sim/apps/${app}/tables/${name}`)).json()) as Row[];
    return t[name];
  };
  const problems = new Map<Expectation, string[]>();
  const opIndex = new Map<string, { txByOrder: Map<string, OpAccount['transactions']>; contactByEmail: Map<string, OpAccount['contacts'][number]> }>();
  for (const [appId, a] of Object.entries(op)) {
    const txByOrder = new Map<string, OpAccount['transactions']>();
    for (const t of a.transactions) if (t.external_order_id) txByOrder.set(t.external_order_id, [...(txByOrder.get(t.external_order_id) ?? []), t]);
    opIndex.set(appId, { txByOrder, contactByEmail: new Map(a.contacts.map((c) => [c.email.toLowerCase(), c])) });
  }

  const ontraportProblem = (e: Expectation, account: NonNullable<BenchMerchant['ontraport']>): string | undefined => {
    const acc = op[account.appId];
    const idx = opIndex.get(account.appId);
    if (!acc || !idx) return `ontraport: no account ${account.appId}`;
    const contact = idx.contactByEmail.get(e.email);
    const legacy = account.api === 'legacy';
    const purchases = contact ? acc.purchases.filter((p) => p.contact_id === contact.id) : [];
    const txs = e.orderId ? (idx.txByOrder.get(e.orderId) ?? []) : [];
    if (ORDER_KINDS.has(e.kind)) {
      if (legacy ? !purchases.some((p) => p.source === 'log_transaction') : txs.length !== 1) return `ontraport: ${legacy ? 'no logged purchase' : `${txs.length} transactions`} for ${e.orderId}`;
    } else if (e.kind === 'refund' && e.refund) {
      const tx = legacy ? undefined : txs[0];
      const mine = legacy ? purchases : acc.purchases.filter((p) => p.transaction_id === tx?.id);
      const done = e.refund.full ? (tx ? tx.status === 'refunded' : mine.length > 0 && mine.every((p) => p.status === 'refunded')) : mine.some((p) => p.refunded > 0);
      if (!done) return `ontraport: ${e.refund.full ? 'full' : 'partial'} refund of ${e.orderId} not there`;
    } else if (e.kind === 'affiliate') {
      if (!contact || !contact.tags.includes(acc.tags['Affiliate'])) return `ontraport: affiliate ${e.email} without the Affiliate tag`;
    }
    return undefined;
  };
  const infusionsoftProblem = async (e: Expectation, app: string): Promise<string | undefined> => {
    if (ORDER_KINDS.has(e.kind) || e.kind === 'shipment') {
      const invoices = (await table(app, 'Invoice')).filter((i) => i['Description'] === `UltraCart order ${e.orderId}`);
      if (e.kind === 'shipment') {
        const job = (await table(app, 'Job')).find((j) => j.Id === invoices[0]?.['JobId']);
        return job?.['_ShipDate'] ? undefined : `infusionsoft: no ship date on the order ${e.orderId}`;
      }
      return invoices.length === 1 && invoices[0]['PayStatus'] === 1 ? undefined : `infusionsoft: ${invoices.length} invoices for ${e.orderId}${invoices.length === 1 ? ' (not paid)' : ''}`;
    }
    const tag = e.kind === 'cart' ? 'Abandoned Cart' : 'Affiliate';
    const contact = (await table(app, 'Contact')).find((c) => String(c['Email']).toLowerCase() === e.email);
    const tagged = contact && (await table(app, 'ContactGroupAssign')).some((g) => g['ContactId'] === contact.Id && g['ContactGroup'] === tag);
    return tagged ? undefined : `infusionsoft: ${e.kind} ${e.email} without the "${tag}" tag`;
  };

  for (const e of expectations) {
    const out: string[] = [];
    for (const crm of e.crms) {
      const { ontraport, infusionsoft } = e.merchant;
      const problem = crm === 'ontraport' ? ontraport && ontraportProblem(e, ontraport) : infusionsoft && (await infusionsoftProblem(e, infusionsoft.appName));
      if (problem) out.push(problem);
    }
    if (out.length) problems.set(e, out);
  }
  return problems;
}
