import { connect, type Channel, type ChannelModel } from 'amqplib';
import { Client } from 'pg';
import { decodeWireContent } from '@hub/messaging-contracts';
import { HubUnderTest } from './hub-under-test';

/** Our own published messages carry this id prefix; the spy ignores them. */
export const OWN_MESSAGE_PREFIX = 'bad-input-';

/** Everything the bad input could have changed, as comparable strings. */
export type Snapshot = Map<string, string>;

/**
 * Detects "stored": any difference between two snapshots of
 *  - every row of every table of every service schema (count and an md5 of the rows' text),
 *    except the columns listed in `VOLATILE_COLUMNS` (see there why),
 *  - what the CRM simulators hold (ONTRAPORT: every record list of every account but the request
 *    log; Infusionsoft: row counts, action-set runs and goals per app),
 * plus every message that a service published on the exchange (a spy queue bound to `#`; our own
 * published messages and RPC requests excluded) — a refused input publishes nothing downstream.
 */
export class StoreProbe {
  private db!: Client;
  private amqp!: ChannelModel;
  private ch!: Channel;
  private spyQueue = '';
  private readonly pending: string[] = [];
  private tables: Array<{ schema: string; table: string; columns: string[]; where?: string }> = [];

  constructor(private readonly hut: HubUnderTest) {}

  async open(): Promise<void> {
    this.db = new Client({ connectionString: process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/hub' });
    await this.db.connect();
    const { rows } = await this.db.query<{ schema: string; table: string; columns: string[] }>(
      `SELECT c.table_schema AS schema, c.table_name AS table, array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
         FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = ANY($1) AND t.table_type = 'BASE TABLE'
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [this.hut.schemas],
    );
    this.tables = rows.map((r) => ({ ...r, columns: r.columns.filter((c) => !VOLATILE_COLUMNS.has(`${r.table}.${c}`)), where: RECORDS_OF_REQUESTS[r.table.replace(/_p\d+$/, '')] }));
    this.amqp = await connect(this.hut.vhost.url);
    this.ch = await this.amqp.createChannel();
    this.spyQueue = (await this.ch.assertQueue('', { exclusive: true, autoDelete: true })).queue;
    await this.ch.bindQueue(this.spyQueue, 'hub.events', '#');
  }

  async snapshot(): Promise<Snapshot> {
    const out: Snapshot = new Map();
    const sql = this.tables
      .map(
        (t) =>
          `SELECT '${t.schema}.${t.table}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h
             FROM (SELECT ${t.columns.map((c) => `"${c}"`).join(', ')} FROM "${t.schema}"."${t.table}"${t.where ? ` WHERE ${t.where}` : ''}) x`,
      )
      .join(' UNION ALL ');
    const { rows } = await this.db.query<{ t: string; n: number; h: string }>(sql);
    for (const r of rows) out.set(`table ${r.t.slice(this.hut.prefix.length + 1)}`, `${r.n} rows ${r.h.slice(0, 8)}`);
    for (const [appId, account] of Object.entries(this.hut.ontraport.state().accounts)) {
      for (const [k, v] of Object.entries(account as unknown as Record<string, unknown>)) {
        if (Array.isArray(v) && k !== 'requests') out.set(`ontraport ${appId}.${k}`, JSON.stringify(v));
      }
    }
    const infusionsoft = (await (await fetch(`${this.hut.infusionsoft.url}/__sim/state`)).json()) as { apps: Record<string, unknown> };
    for (const [app, s] of Object.entries(infusionsoft.apps)) out.set(`infusionsoft ${app}`, JSON.stringify(s));
    return out;
  }

  /** Messages services published since the last call (routing keys). */
  async published(): Promise<string[]> {
    await this.poll();
    return this.pending.splice(0);
  }

  /** Moves what the spy queue holds into `pending`; how many messages came. */
  private async poll(): Promise<number> {
    let n = 0;
    for (let m = await this.ch.get(this.spyQueue, { noAck: true }); m; m = await this.ch.get(this.spyQueue, { noAck: true })) {
      const key = m.fields.routingKey;
      if (key.startsWith('rpc.') || String(m.properties.messageId ?? '').startsWith(OWN_MESSAGE_PREFIX)) continue;
      if (key.startsWith('audit.') && isInboundRecord(decodeWireContent(m.content, m.properties.contentEncoding).toString('utf8'))) continue;
      this.pending.push(key);
      n++;
    }
    return n;
  }

  /** Waits until nothing changes for `quietMs`; returns the settled snapshot (messages stay pending for `published`). */
  async settle(quietMs = 1_500, timeoutMs = 30_000): Promise<Snapshot> {
    const deadline = Date.now() + timeoutMs;
    let last = await this.snapshot();
    for (;;) {
      await new Promise((r) => setTimeout(r, quietMs));
      const now = await this.snapshot();
      const moved = (await this.poll()) > 0;
      if ((!moved && diff(last, now).length === 0) || Date.now() > deadline) return now;
      last = now;
    }
  }

  async close(): Promise<void> {
    await this.amqp?.close().catch(() => undefined);
    await this.db?.end().catch(() => undefined);
  }
}

/**
 * The transmission log keeps a redacted record of every request a service received, refused ones
 * included ("everything received and sent"): that record is the log doing its job, not the bad
 * input stored. So inbound records are left out — in audit-log's table (and its partitions), in
 * order-import's outbox on their way there, and on the bus (`isInboundRecord`). Every outbound
 * record (a call to a CRM) still counts, as does every other row and message.
 */
const RECORDS_OF_REQUESTS: Record<string, string> = {
  transmissions: `direction <> 'inbound'`,
  outbox: `NOT (routing_key LIKE 'audit.%' AND payload::jsonb->>'direction' = 'inbound')`,
};

function isInboundRecord(body: string): boolean {
  try {
    // A batch message (audit.transmission.recorded-batch.v1) is left out only when all its records are inbound.
    const parsed = JSON.parse(body) as { direction?: string; records?: Array<{ direction?: string }> };
    const records = Array.isArray(parsed.records) ? parsed.records : [parsed];
    return records.length > 0 && records.every((r) => r?.direction === 'inbound');
  } catch {
    return false;
  }
}

/**
 * Columns a refused request may legitimately touch: when a token was last used (an audit of
 * access, written for a refused request with a valid token just as for an accepted one).
 */
const VOLATILE_COLUMNS = new Set(['api_tokens.last_used_at', 'outbox.published_at', 'outbox.claimed_until']);

export function diff(before: Snapshot, after: Snapshot): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).map((k) => `${k}: ${shorten(before.get(k))} → ${shorten(after.get(k))}`);
}

const shorten = (s: string | undefined) => (s === undefined ? '(none)' : s.length > 60 ? `${s.slice(0, 57)}…` : s);
