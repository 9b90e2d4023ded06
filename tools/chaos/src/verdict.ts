import { connect } from 'amqplib';
import { Client } from 'pg';
import { CONSUMERS, decodeWireContent } from '@hub/messaging-contracts';
import type { ChaosHub } from './chaos-hub';
import { Crm, CRMS, ChaosMerchant } from './merchants';
import type { Submission } from './steady-load';

/** What a revoked key makes each CRM answer: the parked command must carry it. */
export const PERMANENT_REASONS: Record<Crm, { code?: string; text: string }> = {
  ontraport: { code: 'ONTRAPORT_AUTH', text: 'Your App ID and API Key do not authenticate.' },
  infusionsoft: { text: '[InvalidKey]Invalid Key' },
};

export interface ParkedCommand {
  /** The command's idempotency key (its message id). */
  key: string;
  service: string;
  routingKey: string;
  errorCode: string;
  error: string;
  merchantId?: string;
  orderId?: string;
}

/** What one CRM holds for one order. */
interface Effect {
  /** Sales (ONTRAPORT transactions) or invoices (Infusionsoft) with this order's id. */
  records: number;
  totalCents: number[];
  /** Infusionsoft: lines of each invoice, payments of each invoice, whether it is paid in full. */
  lines: number[];
  payments: number[];
  paid: boolean[];
}

export interface LogFacts {
  inbound: Map<string, number>;
  /** `${integration}|${orderId}` → statuses of its outbound records. */
  outbound: Map<string, string[]>;
  records: number;
}

export interface Observed {
  effects: Record<Crm, Map<string, Effect>>;
  parked: ParkedCommand[];
  /** Queues other than the parked ones that still hold messages (should be none after the drain). */
  leftovers: Record<string, number>;
  log: LogFacts;
  simCounters: Record<Crm, Record<string, number>>;
}

export type OrderFate = 'delivered' | 'duplicate' | 'lost' | 'incomplete' | 'parked' | 'parked twice' | 'not parked' | 'not accepted' | 'refused';

export interface PhaseCounts {
  phase: string;
  sent: number;
  /** Of which channel-partner imports (the rest are webhooks). */
  imports: number;
  accepted: number;
  /** Answers that were not an acceptance, by status or error (each retried). */
  retried: Record<string, number>;
  delivered: Record<Crm, number>;
  duplicates: number;
  lost: number;
  incomplete: number;
  parked: Record<string, number>;
  /** Extra parked copies of a command already parked (the same idempotency key). */
  parkedCopies: number;
  notAccepted: number;
  refused: number;
}

export interface Verdict {
  phases: PhaseCounts[];
  total: PhaseCounts;
  violations: string[];
  observed: Observed;
  /** accepted order → per CRM fate. */
  fates: Map<string, Partial<Record<Crm, OrderFate>>>;
}

const cents = (v: unknown) => Math.round(Number(v) * 100);

/** Reads every simulator, the broker's parked queues and the transmission log. */
export async function observe(hub: ChaosHub): Promise<Observed> {
  const effects: Record<Crm, Map<string, Effect>> = { ontraport: new Map(), infusionsoft: new Map() };
  const add = (crm: Crm, key: string): Effect => {
    let e = effects[crm].get(key);
    if (!e) effects[crm].set(key, (e = { records: 0, totalCents: [], lines: [], payments: [], paid: [] }));
    return e;
  };

  const op = await hub.sim<{ accounts: Record<string, { transactions: Array<{ external_order_id: string | null; total: number }>; counters: Record<string, number> }> }>('ontraport', 'state');
  const simCounters: Record<Crm, Record<string, number>> = { ontraport: {}, infusionsoft: {} };
  for (const [appId, account] of Object.entries(op.accounts)) {
    for (const t of account.transactions) {
      const e = add('ontraport', `${appId}|${t.external_order_id}`);
      e.records++;
      e.totalCents.push(cents(t.total));
    }
    for (const [k, v] of Object.entries(account.counters)) simCounters.ontraport[k] = (simCounters.ontraport[k] ?? 0) + v;
  }

  type Row = Record<string, unknown> & { Id: number };
  for (const m of hub.merchants.filter((x) => x.crms.includes('infusionsoft'))) {
    const app = m.infusionsoft.app;
    const [invoices, items, payments] = await Promise.all(['Invoice', 'OrderItem', 'Payment'].map((t) => hub.sim<Row[]>('infusionsoft', `apps/${app}/tables/${t}`)));
    const count = (rows: Row[], field: string) => rows.reduce((acc, r) => acc.set(Number(r[field]), (acc.get(Number(r[field])) ?? 0) + 1), new Map<number, number>());
    const perJob = count(items, 'OrderId');
    const perInvoice = count(payments, 'InvoiceId');
    for (const inv of invoices) {
      const orderId = /^UltraCart order (.+)$/.exec(String(inv['Description']))?.[1];
      const e = add('infusionsoft', `${app}|${orderId}`);
      e.records++;
      e.totalCents.push(cents(inv['InvoiceTotal']));
      e.lines.push(perJob.get(Number(inv['JobId'])) ?? 0);
      e.payments.push(perInvoice.get(inv.Id) ?? 0);
      e.paid.push(inv['PayStatus'] === 1 && cents(inv['TotalPaid']) === cents(inv['InvoiceTotal']));
    }
  }
  const is = await hub.sim<{ calls: { total: number; injected: Record<string, number> } }>('infusionsoft', 'state');
  simCounters.infusionsoft = { calls: is.calls.total, ...is.calls.injected };

  return { effects, parked: await parkedCommands(hub), leftovers: await leftovers(hub), log: await transmissionLog(hub), simCounters };
}

/** Every message in every `<prefix>.<service>.parked` queue of the private broker. */
async function parkedCommands(hub: ChaosHub): Promise<ParkedCommand[]> {
  const conn = await connect(hub.mq.url);
  const out: ParkedCommand[] = [];
  try {
    for (const service of Object.keys(CONSUMERS)) {
      const ch = await conn.createChannel();
      try {
        for (let m = await ch.get(`hub.${service}.parked`, { noAck: false }); m; m = await ch.get(`hub.${service}.parked`, { noAck: false })) {
          const h = m.properties.headers ?? {};
          let body: Record<string, unknown> = {};
          try {
            body = JSON.parse(decodeWireContent(m.content, m.properties.contentEncoding).toString('utf8')) as Record<string, unknown>;
          } catch {
            // a parked message that is not JSON still counts; it has no merchant
          }
          const order = (body['order'] ?? {}) as Record<string, unknown>;
          const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
          out.push({
            key: str(body['idempotencyKey']) ?? String(m.properties.messageId ?? ''),
            service,
            routingKey: String(h['x-hub-routing-key'] ?? m.fields.routingKey),
            errorCode: String(h['x-hub-error-code'] ?? ''),
            error: String(h['x-hub-error'] ?? ''),
            merchantId: str(body['merchantId']),
            orderId: str(body['orderId']) ?? str(order['orderId']),
          });
        }
      } finally {
        // Closing without acks hands every message back: the queue is left as it was.
        await ch.close().catch(() => undefined);
      }
    }
  } finally {
    await conn.close().catch(() => undefined);
  }
  return out;
}

/** Queues still holding messages (consumer queues, delay queues), from rabbitmqctl. */
async function leftovers(hub: ChaosHub): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const text = await hub.mq.ctl(['list_queues', '-q', '--no-table-headers', 'name', 'messages']);
  for (const line of text.split('\n')) {
    const [name, n] = line.trim().split(/\s+/);
    if (name && Number(n) > 0 && !name.endsWith('.parked')) out[name] = Number(n);
  }
  return out;
}

/** The transmission log, straight from audit-log's table in the private database. */
async function transmissionLog(hub: ChaosHub): Promise<LogFacts> {
  const db = new Client({ connectionString: hub.pg.url() });
  await db.connect();
  try {
    const rows = (
      await db.query<{ direction: string; integration: string; order_id: string | null; status: string; n: string }>(
        `SELECT direction, integration, order_id, status, count(*) AS n FROM audit.transmissions GROUP BY 1, 2, 3, 4`,
      )
    ).rows;
    const inbound = new Map<string, number>();
    const outbound = new Map<string, string[]>();
    let records = 0;
    for (const r of rows) {
      records += Number(r.n);
      if (!r.order_id) continue;
      if (r.direction === 'inbound') inbound.set(r.order_id, (inbound.get(r.order_id) ?? 0) + Number(r.n));
      else {
        const k = `${r.integration}|${r.order_id}`;
        outbound.set(k, [...(outbound.get(k) ?? []), ...Array.from({ length: Number(r.n) }, () => r.status)]);
      }
    }
    return { inbound, outbound, records };
  } finally {
    await db.end();
  }
}

/** The account or app that holds a merchant's records in a CRM simulator. */
function effectKey(m: ChaosMerchant, crm: Crm, orderId: string): string {
  return `${crm === 'ontraport' ? m.ontraport.appId : m.infusionsoft.app}|${orderId}`;
}

/**
 * Judges every order the load sent against what the CRMs hold, what is parked and what the
 * transmission log says:
 * - accepted + a CRM it should reach: exactly one sale/invoice, complete (total, lines, one payment);
 * - accepted + a revoked CRM: nothing in that CRM, exactly one parked command with the CRM's reason;
 * - nothing else parked, nothing left in any queue;
 * - every accepted order has its inbound record, and a succeeded outbound record per CRM reached.
 */
export function judge(merchants: ChaosMerchant[], submissions: Submission[], observed: Observed, phaseNames: string[], deaths: Array<{ service: string; at: string; code: number | null; signal: string | null }> = []): Verdict {
  const byId = new Map(merchants.map((m) => [m.id, m]));
  const violations: string[] = [];
  const examples = new Map<string, string[]>();
  const violation = (kind: string, detail: string) => {
    const list = examples.get(kind) ?? [];
    list.push(detail);
    examples.set(kind, list);
  };
  const empty = (phase: string): PhaseCounts => ({
    phase,
    sent: 0,
    imports: 0,
    accepted: 0,
    retried: {},
    delivered: { ontraport: 0, infusionsoft: 0 },
    duplicates: 0,
    lost: 0,
    incomplete: 0,
    parked: {},
    parkedCopies: 0,
    notAccepted: 0,
    refused: 0,
  });
  const phases = new Map(phaseNames.map((p) => [p, empty(p)]));
  const total = empty('all');
  const fates = new Map<string, Partial<Record<Crm, OrderFate>>>();

  const parkedBy = new Map<string, ParkedCommand[]>();
  for (const p of observed.parked) {
    const crm: Crm | undefined = p.service === 'ontraport-connector' ? 'ontraport' : p.service === 'infusionsoft-connector' ? 'infusionsoft' : undefined;
    const k = `${crm}|${p.merchantId}|${p.orderId}`;
    parkedBy.set(k, [...(parkedBy.get(k) ?? []), p]);
  }
  const explained = new Set<ParkedCommand>();

  for (const s of submissions) {
    const counts = phases.get(s.phase) ?? empty(s.phase);
    phases.set(s.phase, counts);
    for (const c of [counts, total]) {
      c.sent++;
      if (s.channel === 'import') c.imports++;
      const service = s.channel === 'import' ? 'order-import' : 'ingest';
      for (const [a, n] of Object.entries(s.answers)) c.retried[`${service} ${a}`] = (c.retried[`${service} ${a}`] ?? 0) + n;
    }
    const internal = Object.entries(s.answers).filter(([a]) => a.startsWith('500')).reduce((n, [, c]) => n + c, 0);
    if (internal) violation('a valid order was answered 500 (an outage must be a 503 the sender retries)', `${s.key} (${s.phase}): ${internal}×`);
    if (s.refused) {
      counts.refused++;
      total.refused++;
      violation('a valid order was refused', `${s.key} (${s.phase}): ${s.refused}`);
      continue;
    }
    if (!s.acceptedAt || !s.orderId) {
      counts.notAccepted++;
      total.notAccepted++;
      violation('an order was never accepted (the hub kept failing it)', `${s.key} (${s.phase}) after ${s.attempts} attempts: ${JSON.stringify(s.answers)}`);
      continue;
    }
    counts.accepted++;
    total.accepted++;
    const m = byId.get(s.merchantId) as ChaosMerchant;
    const fate: Partial<Record<Crm, OrderFate>> = {};
    fates.set(s.orderId, fate);
    if (!observed.log.inbound.get(s.orderId)) violation('an accepted order has no inbound record in the transmission log', `${s.orderId} (${s.phase})`);

    for (const crm of CRMS) {
      const e = observed.effects[crm].get(effectKey(m, crm, s.orderId));
      if (!m.crms.includes(crm)) continue;
      if (m.revoked === crm) {
        const parked: ParkedCommand[] = parkedBy.get(`${crm}|${m.id}|${s.orderId}`) ?? [];
        parked.forEach((p) => explained.add(p));
        const reason = PERMANENT_REASONS[crm];
        const right: ParkedCommand[] = parked.filter((p) => p.error.includes(reason.text) && (!reason.code || p.errorCode === reason.code));
        const commands = new Set(parked.map((p) => p.key));
        // The same command parked more than once: the event reached mapping twice (at-least-once
        // upstream, e.g. ingest killed between the broker's confirm and its dedupe row), and each
        // copy failed for the same permanent reason. One command, counted once; the copies are reported.
        const copies = parked.length - commands.size;
        counts.parkedCopies += copies;
        total.parkedCopies += copies;
        if (commands.size === 1 && right.length === parked.length) fate[crm] = 'parked';
        else if (commands.size > 1) {
          fate[crm] = 'parked twice';
          violation('a permanent failure was parked as more than one command', `${s.orderId} (${s.phase}) ${crm}: ${[...commands].join(', ')}`);
        } else if (parked.length) {
          fate[crm] = 'parked';
          violation('a permanent failure was parked with the wrong reason', `${s.orderId} ${crm}: ${parked.map((p) => `${p.errorCode} ${p.error}`).join('; ')}`);
        } else {
          fate[crm] = 'not parked';
          violation('a permanent failure was not parked', `${s.orderId} (${s.phase}) ${crm}`);
        }
        for (const p of right.slice(0, 1)) {
          const r = `${crm}: ${p.errorCode || '-'}`;
          counts.parked[r] = (counts.parked[r] ?? 0) + 1;
          total.parked[r] = (total.parked[r] ?? 0) + 1;
        }
        if (e?.records) violation('a CRM that refuses the key holds a record', `${s.orderId} ${crm}`);
        continue;
      }
      const stray = parkedBy.get(`${crm}|${m.id}|${s.orderId}`) ?? [];
      if (!e || e.records === 0) {
        fate[crm] = 'lost';
        counts.lost++;
        total.lost++;
        violation('an accepted order never reached a CRM (lost)', `${s.orderId} (${s.phase}) ${crm}${stray.length ? `, parked: ${stray.map((p) => `${p.errorCode} ${p.error}`).join('; ')}` : ''}`);
        continue;
      }
      const extra = e.records - 1 + e.lines.reduce((n, l) => n + Math.max(0, l - s.expectedLines), 0) + e.payments.reduce((n, p) => n + Math.max(0, p - 1), 0);
      if (extra > 0) {
        fate[crm] = 'duplicate';
        counts.duplicates += extra;
        total.duplicates += extra;
        violation('an accepted order reached a CRM more than once (duplicate)', `${s.orderId} (${s.phase}) ${crm}: ${e.records} record(s), lines ${e.lines.join('/')}, payments ${e.payments.join('/')}`);
        continue;
      }
      const complete = e.totalCents[0] === s.expectedTotalCents && (crm === 'ontraport' || (e.lines[0] === s.expectedLines && e.payments[0] === 1 && e.paid[0]));
      if (!complete) {
        fate[crm] = 'incomplete';
        counts.incomplete++;
        total.incomplete++;
        violation('an accepted order reached a CRM incomplete', `${s.orderId} (${s.phase}) ${crm}: total ${e.totalCents[0]} (expected ${s.expectedTotalCents}), lines ${e.lines[0]}, payments ${e.payments[0]}, paid ${e.paid[0]}`);
        continue;
      }
      fate[crm] = 'delivered';
      counts.delivered[crm]++;
      total.delivered[crm]++;
      const statuses = observed.log.outbound.get(`${crm}|${s.orderId}`) ?? [];
      if (!statuses.includes('succeeded')) violation('a delivered order has no succeeded call in the transmission log', `${s.orderId} ${crm}: ${statuses.join(',') || 'no record'}`);
    }
  }

  for (const p of observed.parked) {
    if (!explained.has(p)) violation('a command was parked that is not a permanent failure', `${p.service} ${p.routingKey} ${p.merchantId ?? '?'}/${p.orderId ?? '?'}: ${p.errorCode} ${p.error.slice(0, 200)}`);
  }
  for (const [queue, n] of Object.entries(observed.leftovers)) violation('messages still in flight after the drain', `${queue}: ${n}`);
  for (const d of deaths) violation('a service process died by itself', `${d.service} at ${d.at} (exit ${d.code ?? d.signal})`);

  for (const [kind, list] of examples) violations.push(`${kind}: ${list.length} — ${list.slice(0, 5).join(' | ')}${list.length > 5 ? ' | …' : ''}`);
  return { phases: [...phases.values()].filter((p) => p.sent > 0), total, violations, observed, fates };
}

/**
 * Whether the hub has finished with every accepted order: each expected CRM record is there, or
 * the permanent failure is parked. Used to wait for the drain before judging.
 */
export function settled(merchants: ChaosMerchant[], submissions: Submission[], observed: Observed): { pending: number } {
  const byId = new Map(merchants.map((m) => [m.id, m]));
  const parked = new Set(observed.parked.map((p) => `${p.service}|${p.merchantId}|${p.orderId}`));
  let pending = 0;
  for (const s of submissions) {
    if (!s.acceptedAt || !s.orderId) continue;
    const m = byId.get(s.merchantId) as ChaosMerchant;
    for (const crm of m.crms) {
      if (m.revoked === crm) {
        if (!parked.has(`${crm}-connector|${m.id}|${s.orderId}`)) pending++;
      } else {
        const e = observed.effects[crm].get(effectKey(m, crm, s.orderId));
        const done = e && e.records > 0 && (crm === 'ontraport' || e.paid.some(Boolean));
        if (!done) pending++;
      }
    }
  }
  return { pending };
}
