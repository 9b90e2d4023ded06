import { Agent, request } from 'node:http';
import type { WorkRequest } from './workload';

export interface DriveStats {
  requests: number;
  events: number;
  failed: number;
  failures: string[];
  firstAt: number;
  lastAt: number;
  /** Accepted events per whole second since the first answer (the peak shows the hub before any backlog). */
  perSecond: number[];
  httpMs: number[];
  /** Seconds the driver held back because a hub queue was over the backlog limit. */
  heldSeconds: number;
}

interface Answer {
  status: number;
  text: string;
}

function post(agent: Agent, base: URL, r: WorkRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path: r.path,
        headers: { 'content-type': 'application/json', authorization: r.authorization, 'content-length': Buffer.byteLength(r.body), ...r.headers },
        timeout: 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(r.body);
  });
}

/**
 * Posts the work with `concurrency` requests in flight over keep-alive connections, as the cart,
 * the affiliate tooling and channel partners would. A request counts once the hub answered 2xx
 * (ingest: after the broker confirmed; order-import: after the outbox row committed); its
 * expectations get `acceptedAt`. Before each request the driver waits while `backlogOk()` says a
 * hub queue is too long, so the measured phase saturates the hub without an unbounded queue.
 */
export class Driver {
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly urls: Record<WorkRequest['service'], string>,
    private readonly concurrency: number,
    /** Whether a 2xx answer says what was expected (undefined) or the problem; sets `acceptedAt`. */
    private readonly accept: (r: WorkRequest, text: string, at: number) => string | undefined = acceptByHub,
  ) {}

  private agent(service: string): Agent {
    let a = this.agents.get(service);
    if (!a) this.agents.set(service, (a = new Agent({ keepAlive: true, maxSockets: this.concurrency })));
    return a;
  }

  /**
   * @param schedule when given, each request waits for the moment it hands out (a paced run: the
   * offered rate, not the hub's pace, sets when requests go).
   */
  async run(next: () => WorkRequest | undefined, backlogOk: () => boolean = () => true, schedule?: () => number): Promise<DriveStats> {
    const stats: DriveStats = { requests: 0, events: 0, failed: 0, failures: [], firstAt: 0, lastAt: 0, perSecond: [], httpMs: [], heldSeconds: 0 };
    const start = Date.now();
    let heldMs = 0;
    const worker = async () => {
      for (;;) {
        if (!backlogOk()) {
          const t = Date.now();
          while (!backlogOk()) await new Promise((r) => setTimeout(r, 50));
          heldMs += Date.now() - t;
        }
        if (schedule) {
          const wait = schedule() - Date.now();
          if (wait > 0) await new Promise((res) => setTimeout(res, wait));
        }
        const r = next();
        if (!r) return;
        const sent = Date.now();
        let answer: Answer;
        try {
          answer = await post(this.agent(r.service), new URL(this.urls[r.service]), r);
        } catch (err) {
          answer = { status: 0, text: (err as Error).message };
        }
        const at = Date.now();
        stats.requests++;
        const problem = answer.status >= 200 && answer.status < 300 ? this.accept(r, answer.text, at) : `${answer.status} ${answer.text.slice(0, 300)}`;
        if (problem) {
          stats.failed++;
          if (stats.failures.length < 5) stats.failures.push(`${r.service} ${r.path}: ${problem}`);
          continue;
        }
        stats.httpMs.push(at - sent);
        stats.events += r.events;
        stats.firstAt ||= at;
        stats.lastAt = at;
        const second = Math.floor((at - start) / 1000);
        stats.perSecond[second] = (stats.perSecond[second] ?? 0) + r.events;
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    stats.heldSeconds = heldMs / 1000 / this.concurrency;
    return stats;
  }

  close(): void {
    for (const a of this.agents.values()) a.destroy();
  }
}

/**
 * A 2xx that does not say what the benchmark sent is a failure too: every webhook event must be
 * published (none duplicate, ignored or rejected), every import accepted with an order id.
 */
export function acceptByHub(r: WorkRequest, text: string, at: number): string | undefined {
  const body = JSON.parse(text) as { events?: Array<{ outcome: string; reason?: string }>; outcome?: string; success?: boolean; order_id?: string; errors?: unknown };
  if (r.service === 'order-import') {
    if (!body.success || !body.order_id) return `import not accepted: ${text.slice(0, 300)}`;
    r.expectations[0].orderId = body.order_id;
  } else if (body.events) {
    const bad = body.events.find((e) => e.outcome !== 'published');
    if (bad) return `event ${bad.outcome}: ${bad.reason ?? text.slice(0, 300)}`;
  } else if (body.outcome !== 'published') return `sign-up ${body.outcome}`;
  for (const e of r.expectations) e.acceptedAt = at;
  return undefined;
}
