import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { BATCH_CONTRACTS, CONSUMERS, RoutingKeys, RpcPatterns } from '@hub/messaging-contracts';
import { HttpCase, loadHttpCases, loadMessageCases, materialize, MessageCase, fill } from './corpus';
import { HubUnderTest } from './hub-under-test';
import { diff, OWN_MESSAGE_PREFIX, Snapshot, StoreProbe } from './store-probe';

export type Verdict = 'refused' | 'harmless' | 'unexpected' | 'crashed';

export interface CaseResult {
  kind: 'http' | 'message' | 'rpc';
  name: string;
  target: string;
  verdict: Verdict;
  detail: string;
  /** What this case changed (see StoreProbe); must be empty. */
  stored: string[];
}

export interface RunOptions {
  /** One routing key per consumer instead of every key each consumer binds. */
  short?: boolean;
  log?: (line: string) => void;
}

/** A 4xx is a clean refusal when its body says what was wrong: a code/message or field errors. */
function clearError(text: string): boolean {
  if (/^success=false\nerror=/m.test(text) || /^error=/m.test(text)) return true;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    return typeof body['message'] === 'string' || typeof body['code'] === 'string' || Array.isArray(body['fields']) || Array.isArray(body['import_errors']) || Array.isArray(body['errors']);
  } catch {
    return false;
  }
}

/** Log lines that are a crash whatever the status said: unhandled errors, stacks of programming errors. */
const CRASH_LINE = /unhandled|uncaught|TypeError|ReferenceError|RangeError|SyntaxError: (?!Unexpected token|Unexpected end|Expected)|Cannot read prop|heap out of memory|"level":60/i;

/** Every concrete routing key each consumer binds (AMQP topic matching); when short, one each and every batch key (its items are checked apart). */
export function messageTargets(short: boolean): Array<{ service: string; routingKey: string }> {
  const all = Object.values(RoutingKeys).flatMap((group) => Object.values(group) as string[]);
  const matches = (pattern: string, key: string) =>
    new RegExp('^' + pattern.split('.').map((p) => (p === '#' ? '.*' : p === '*' ? '[^.]+' : p.replace(/[-]/g, '\\-'))).join('\\.') + '$').test(key);
  return Object.entries(CONSUMERS).flatMap(([service, patterns]) => {
    const keys = all.filter((k) => patterns.some((p) => matches(p, k)));
    return (short ? keys.filter((k, i) => i === 0 || k in BATCH_CONTRACTS) : keys).map((routingKey) => ({ service, routingKey }));
  });
}

export class BadInputRun {
  readonly results: CaseResult[] = [];
  private probe!: StoreProbe;
  private baseline!: Snapshot;

  constructor(
    private readonly hut: HubUnderTest,
    private readonly options: RunOptions = {},
  ) {}

  async run(): Promise<CaseResult[]> {
    this.probe = new StoreProbe(this.hut);
    await this.probe.open();
    try {
      this.baseline = await this.probe.settle();
      await this.probe.published(); // the seed orders' messages, before the corpus
      for (const c of loadHttpCases()) this.results.push(await this.httpCase(c));
      await this.messageCases();
      await this.rpcCases();
      // Anything that changed late (a consumer writing after its case was judged) is still stored.
      const late = diff(this.baseline, await this.probe.settle());
      const published = await this.probe.published();
      if (late.length || published.length) {
        this.results.push({ kind: 'message', name: '(changes noticed only at the end)', target: '-', verdict: 'refused', detail: '', stored: [...late, ...published.map((k) => `published ${k}`)] });
      }
    } finally {
      await this.probe.close();
    }
    return this.results;
  }

  private async httpCase(c: HttpCase): Promise<CaseResult> {
    const body = materialize(c.body, this.hut.vars);
    const headers: Record<string, string> = { ...this.hut.headersFor(c.auth), ...(c.headers ?? {}) };
    const type = c.contentType ?? body?.contentType;
    if (type) headers['content-type'] = type;
    const target = `${c.service} ${c.method} ${fill(c.path, this.hut.vars).slice(0, 60)}`;
    const logMark = this.hut.logs.length;
    let verdict: Verdict;
    let detail: string;
    try {
      const res = await fetch(`${this.hut.hub.url(c.service)}${fill(c.path, this.hut.vars)}`, { method: c.method, headers, body: body?.bytes, signal: AbortSignal.timeout(30_000) });
      const text = await res.text();
      detail = `${res.status} ${text.replace(/\s+/g, ' ').slice(0, 140)}`;
      if (res.status >= 500) {
        verdict = 'crashed';
        const err = this.hut.logs.slice(logMark).find((l) => /"level":(50|60)/.test(l.line));
        if (err) detail += `; log: ${err.service} ${err.line.slice(0, 600)}`;
      }
      else if (res.status >= 400) verdict = clearError(text) || res.status === 404 || res.status === 401 || res.status === 413 || res.status === 415 ? 'refused' : 'unexpected';
      else if (c.harmless?.includes(res.status) && !(c.mustNotContain ?? []).some((s) => text.includes(s))) verdict = 'harmless';
      else verdict = 'unexpected';
    } catch (err) {
      verdict = 'crashed';
      detail = `no answer: ${(err as Error).message}`;
    }
    const crash = this.crashSigns(logMark);
    if (crash) [verdict, detail] = ['crashed', `${detail}; ${crash}`];
    const stored = await this.changes();
    this.options.log?.(`${verdict.padEnd(10)} ${stored.length ? 'STORED ' : ''}${c.name}: ${detail.slice(0, 120)}`);
    return { kind: 'http', name: c.name, target, verdict, detail, stored };
  }

  /** Publishes every message case to every target at once, then judges each by what became of it. */
  private async messageCases(): Promise<void> {
    const conn = await connect(this.hut.vhost.url);
    const ch = await conn.createConfirmChannel();
    const sent: Array<{ id: string; c: MessageCase; service: string; routingKey: string }> = [];
    const logMark = this.hut.logs.length;
    try {
      for (const c of loadMessageCases()) {
        const body = materialize(c.body, this.hut.vars);
        for (const t of messageTargets(this.options.short ?? false)) {
          // Keys several consumers bind (cart.item.* → mapping and order-import) are judged per consumer.
          const id = `${OWN_MESSAGE_PREFIX}${randomUUID()}`;
          ch.publish('hub.events', t.routingKey, body?.bytes ?? Buffer.alloc(0), {
            messageId: id,
            persistent: true,
            contentType: c.contentType ?? body?.contentType ?? 'application/json',
            contentEncoding: c.contentEncoding,
            headers: { 'x-correlation-id': id, 'x-hub-routing-key': t.routingKey },
          });
          sent.push({ id, c, service: t.service, routingKey: t.routingKey });
        }
      }
      await ch.waitForConfirms();
      const parked = await this.waitParked(conn, new Set(sent.map((s) => `${s.service}/${s.id}`)));
      const crash = this.crashSigns(logMark);
      const exited = [...this.hut.hub.running.values()].filter((r) => r.child.exitCode !== null).map((r) => r.service.name);
      const stored = await this.changes();
      for (const s of sent) {
        const reason = parked.get(`${s.service}/${s.id}`);
        // Another consumer bound to the same key (mapping's cart.#) may park it too: judged separately.
        const verdict: Verdict = exited.length || crash ? 'crashed' : reason ? 'refused' : 'unexpected';
        const detail = exited.length ? `exited: ${exited.join(', ')}` : crash ?? (reason ? `parked: ${reason.slice(0, 120)}` : 'not parked (acknowledged or still in flight)');
        this.results.push({ kind: 'message', name: s.c.name, target: `${s.service} ${s.routingKey}`, verdict, detail, stored: s === sent[0] ? stored : [] });
        this.options.log?.(`${verdict.padEnd(10)} ${s.c.name} → ${s.service} ${s.routingKey}: ${detail.slice(0, 100)}`);
      }
    } finally {
      await conn.close().catch(() => undefined);
    }
  }

  /**
   * The same messages as requests to every RPC pattern (over the same exchange, answered to our
   * own reply queue): a clean refusal is an `ok:false` reply with a HubError code; `INTERNAL` is
   * the server's answer to an unhandled error, so it counts as a crash; no reply is unexpected.
   */
  private async rpcCases(): Promise<void> {
    const conn = await connect(this.hut.vhost.url);
    const ch = await conn.createConfirmChannel();
    const replies = new Map<string, string>();
    const sent: Array<{ id: string; c: MessageCase; pattern: string }> = [];
    const logMark = this.hut.logs.length;
    try {
      const { queue } = await ch.assertQueue('', { exclusive: true, autoDelete: true });
      await ch.consume(queue, (m) => m && replies.set(String(m.properties.correlationId), m.content.toString('utf8')), { noAck: true });
      const patterns = Object.values(RpcPatterns).flatMap((group) => Object.values(group) as string[]);
      for (const c of loadMessageCases()) {
        const body = materialize(c.body, this.hut.vars);
        for (const pattern of patterns) {
          const id = `${OWN_MESSAGE_PREFIX}${randomUUID()}`;
          ch.publish('hub.events', pattern, body?.bytes ?? Buffer.alloc(0), {
            messageId: id,
            correlationId: id,
            replyTo: queue,
            contentType: c.contentType ?? body?.contentType ?? 'application/json',
            contentEncoding: c.contentEncoding,
            headers: { 'x-correlation-id': id },
          });
          sent.push({ id, c, pattern });
        }
      }
      await ch.waitForConfirms();
      const deadline = Date.now() + 20_000;
      while (replies.size < sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const crash = this.crashSigns(logMark);
      const stored = await this.changes();
      for (const s of sent) {
        const text = replies.get(s.id);
        let reply: { ok?: boolean; error?: { code?: string; message?: string } } | undefined;
        try {
          reply = text === undefined ? undefined : (JSON.parse(text) as typeof reply);
        } catch {
          reply = undefined;
        }
        const code = reply?.error?.code;
        const verdict: Verdict =
          crash || code === 'INTERNAL' ? 'crashed' : reply?.ok === false && code ? 'refused' : reply?.ok === true && s.c.rpcAnswerHarmless ? 'harmless' : 'unexpected';
        const detail = crash ?? (text === undefined ? 'no reply' : `reply ${text.slice(0, 140)}`);
        this.results.push({ kind: 'rpc', name: s.c.name, target: `${s.pattern.split('.')[1]} ${s.pattern}`, verdict, detail, stored: s === sent[0] ? stored : [] });
        this.options.log?.(`${verdict.padEnd(10)} ${s.c.name} → ${s.pattern}: ${detail.slice(0, 100)}`);
      }
    } finally {
      await conn.close().catch(() => undefined);
    }
  }

  /** Reads the parked queues (without taking anything) until every message we sent is there or time is up. */
  private async waitParked(conn: Awaited<ReturnType<typeof connect>>, wanted: Set<string>, timeoutMs = 20_000): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const deadline = Date.now() + timeoutMs;
    const services = [...new Set([...wanted].map((w) => w.split('/')[0]))];
    while (found.size < wanted.size && Date.now() < deadline) {
      for (const service of services) {
        const ch = await conn.createChannel();
        try {
          for (let m = await ch.get(`hub.${service}.parked`); m; m = await ch.get(`hub.${service}.parked`)) {
            // A batch message's bad items are parked one by one, each naming the batch it came in.
            const batchOf = m.properties.headers?.['x-hub-batch-message-id'];
            const key = `${service}/${String(batchOf ?? m.properties.messageId)}`;
            const reason = `${String(m.properties.headers?.['x-hub-error-code'] ?? '')} ${String(m.properties.headers?.['x-hub-error'] ?? '')}`.trim();
            const item = `item ${String(m.properties.headers?.['x-hub-batch-index'])}: `;
            if (!wanted.has(key)) continue;
            if (batchOf === undefined) found.set(key, reason);
            else if (!found.get(key)?.includes(item)) found.set(key, [found.get(key), `${item}${reason}`].filter(Boolean).join(' | '));
          }
        } finally {
          await ch.close().catch(() => undefined); // hands every message back to the parked queue
        }
      }
      if (found.size < wanted.size) await new Promise((r) => setTimeout(r, 500));
    }
    return found;
  }

  private crashSigns(fromLine: number): string | undefined {
    const lines = this.hut.logs.slice(fromLine).filter((l) => CRASH_LINE.test(l.line));
    const exited = [...this.hut.hub.running.values()].filter((r) => r.child.exitCode !== null).map((r) => r.service.name);
    if (exited.length) return `process exited: ${exited.join(', ')}`;
    return lines.length ? `log: ${lines[0].service} ${lines[0].line.slice(0, 200)}` : undefined;
  }

  /**
   * The probe's own check: a valid order for a merchant with a CRM must show up as stored (rows and
   * messages downstream), or a 0 in the "stored" column would mean nothing.
   */
  async control(): Promise<string[]> {
    this.probe = new StoreProbe(this.hut);
    await this.probe.open();
    try {
      this.baseline = await this.probe.settle();
      await this.probe.published();
      const order = materialize({ $file: 'raw/sample-order.json' }, this.hut.vars)?.bytes.toString().replace(/DEMO-0009104420/g, 'DEMO-CONTROL-1');
      const res = await fetch(`${this.hut.hub.url('ingest')}/webhooks/ultracart/${this.hut.vars['merchant']}`, { method: 'POST', headers: { ...this.hut.headersFor('webhook'), 'content-type': 'application/json' }, body: order });
      if (!res.ok) throw new Error(`control order: ${res.status}`);
      await this.probe.settle();
      return await this.changes();
    } finally {
      await this.probe.close();
    }
  }

  /** What changed since the baseline (and moves the baseline, so each change is counted once). */
  private async changes(): Promise<string[]> {
    const now = await this.probe.snapshot();
    const changed = diff(this.baseline, now);
    this.baseline = now;
    return [...changed, ...(await this.probe.published()).map((k) => `published ${k}`)];
  }
}

export interface Tally {
  tried: number;
  refused: number;
  harmless: number;
  unexpected: number;
  crashed: number;
  stored: number;
}

export function tally(results: CaseResult[]): Tally {
  const real = results.filter((r) => r.target !== '-');
  return {
    tried: real.length,
    refused: real.filter((r) => r.verdict === 'refused').length,
    harmless: real.filter((r) => r.verdict === 'harmless').length,
    unexpected: real.filter((r) => r.verdict === 'unexpected').length,
    crashed: real.filter((r) => r.verdict === 'crashed').length,
    stored: results.filter((r) => r.stored.length > 0).length,
  };
}

/** The table the issue asks for, per service and kind, with the totals and every case that failed. */
export function report(results: CaseResult[]): string {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    const key = `${{ http: 'HTTP', message: 'queue', rpc: 'RPC' }[r.kind]} ${r.target.split(' ')[0]}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const row = (label: string, t: Tally) =>
    `${label.padEnd(30)} ${String(t.tried).padStart(6)} ${String(t.refused).padStart(8)} ${String(t.harmless).padStart(9)} ${String(t.unexpected).padStart(11)} ${String(t.crashed).padStart(8)} ${String(t.stored).padStart(7)}`;
  const lines = [`${''.padEnd(30)} ${'tried'.padStart(6)} ${'refused'.padStart(8)} ${'harmless'.padStart(9)} ${'unexpected'.padStart(11)} ${'crashed'.padStart(8)} ${'stored'.padStart(7)}`];
  for (const [k, rs] of [...groups].sort()) lines.push(row(k, tally(rs)));
  lines.push(row('TOTAL', tally(results)));
  for (const r of results.filter((x) => x.verdict === 'crashed' || x.verdict === 'unexpected' || x.stored.length)) {
    lines.push(`  ${r.verdict.toUpperCase()} ${r.name} (${r.target}): ${r.detail}${r.stored.length ? `\n    stored: ${r.stored.join('; ')}` : ''}`);
  }
  return lines.join('\n');
}
