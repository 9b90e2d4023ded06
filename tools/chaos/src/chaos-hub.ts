import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUB_SERVICES, HubLauncher, migrateAll } from '@hub/dev-tools';
import { startInfusionsoftSimulator, startSmtpSink, type InfusionsoftSimulator, type SmtpSink } from '@hub/infusionsoft-simulator';
import { startOntraportSimulator, type OntraportSimulator } from '@hub/ontraport-simulator';
import { DEV_MASTER_KEY } from '@hub/platform';
import { freePort, PrivatePostgres, PrivateRabbitMq } from '@hub/testing';
import { ChaosMerchant, ITEMS } from './merchants';

const OPERATOR_TOKEN = 'chaos-operator-token-0123456789abcdef';
export const SERVICES = HUB_SERVICES.map((s) => s.name);

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

/**
 * The whole hub as real processes against a private PostgreSQL and a private RabbitMQ node (both
 * of which the run crashes), with both CRM simulators and the SMTP sink as real servers in this
 * process. Merchants are set up through the hub's own APIs, as an operator and their admins would.
 */
export class ChaosHub {
  pg!: PrivatePostgres;
  mq!: PrivateRabbitMq;
  hub!: HubLauncher;
  ontraport!: OntraportSimulator;
  infusionsoft!: InfusionsoftSimulator;
  smtp!: SmtpSink;
  private ports: Record<string, number> = {};
  /** Service processes that exited without being killed by the run (a crash of their own). */
  readonly deaths: Array<{ service: string; at: string; code: number | null; signal: string | null; lastLines: string }> = [];
  private readonly killing = new Set<ChildProcess>();
  readonly logs: Array<{ service: string; line: string }> = [];
  private disposed = false;

  constructor(
    readonly merchants: ChaosMerchant[],
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const started = Date.now();
    [this.pg, this.mq] = await Promise.all([PrivatePostgres.create(), PrivateRabbitMq.create()]);
    this.log(`private PostgreSQL on ${this.pg.port}, RabbitMQ ${this.mq.nodename} on ${this.mq.port} (${Date.now() - started} ms)`);
    await migrateAll(this.pg.url(), undefined, () => undefined);
    // Rate limits out of the way: the run is about faults, not about the CRMs' quotas.
    this.ontraport = await startOntraportSimulator({ accounts: [], rateLimit: 1_000_000 });
    this.infusionsoft = await startInfusionsoftSimulator({ apps: [] });
    this.smtp = await startSmtpSink({ maxMessages: 1_000 });
    this.ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()] as const)));
    this.hub = new HubLauncher({
      services: SERVICES,
      ports: this.ports,
      env: {
        AMQP_URL: this.mq.url,
        DATABASE_URL: this.pg.url(),
        HUB_MASTER_KEYS: DEV_MASTER_KEY,
        HUB_OPERATOR_TOKEN: OPERATOR_TOKEN,
        ONTRAPORT_BASE_URL: this.ontraport.url,
        ONTRAPORT_RATE_LIMIT: '10000',
        ONTRAPORT_TIMEOUT_MS: '5000',
        INFUSIONSOFT_LEGACY_URL: this.infusionsoft.legacyUrlTemplate,
        INFUSIONSOFT_OAUTH_URL: this.infusionsoft.oauthUrl,
        INFUSIONSOFT_CALLS_PER_SECOND: '10000',
        INFUSIONSOFT_TIMEOUT_MS: '5000',
        SMTP_URL: `smtp://${this.smtp.host}:${this.smtp.port}`,
        // Fast retries with room for many of them: a transient failure must end in a delivery.
        AMQP_RETRY_BASE_MS: '200',
        AMQP_RETRY_MAX_MS: '3000',
        AMQP_RETRY_MAX_ATTEMPTS: '30',
        OUTBOX_POLL_MS: '500',
        AUTH_CACHE_SECONDS: '300',
        LOG_LEVEL: process.env['CHAOS_LOG_LEVEL'] ?? 'warn',
      },
      readyTimeoutMs: 120_000,
      onLine: (service, line) => {
        this.logs.push({ service, line });
        if (this.logs.length > 20_000) this.logs.splice(0, 5_000);
      },
    });
    await this.hub.startAll().catch((err: Error) => {
      throw new Error(`${err.message}\n${this.lastLines(20)}`);
    });
    for (const service of SERVICES) this.watch(service);
    this.log(`six services ready (${Date.now() - started} ms since start)`);
    for (const m of this.merchants) await this.setUp(m);
    this.log(`${this.merchants.length} merchants set up through the APIs (${Date.now() - started} ms since start)`);
  }

  /** Every line the services wrote (the last 20,000), into a file outside the checkout; returns its path. */
  writeLogs(): string {
    const file = join(tmpdir(), `chaos-services-${process.pid}.log`);
    writeFileSync(file, this.logs.map((l) => `${l.service} ${l.line}`).join('\n') + '\n');
    return file;
  }

  /** The last lines the services wrote (for a failure's message). */
  lastLines(n: number, service?: string): string {
    return this.logs
      .filter((l) => !service || l.service === service)
      .slice(-n)
      .map((l) => `${l.service} ${l.line}`)
      .join('\n');
  }

  /** A service's URL: the same port before a kill and after the restart (the cart keeps its webhook URL). */
  url(service: string): string {
    const port = this.ports[service];
    if (!port) throw new Error(`unknown service ${service}`);
    return `http://127.0.0.1:${port}`;
  }

  /** kill -9 of one service, then the same service started again (ready = /health/ready answers). */
  async crashAndRestart(service: string, downMs: number): Promise<void> {
    const child = this.hub.running.get(service)?.child;
    if (!child) throw new Error(`${service} is not running`);
    const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    this.killing.add(child);
    this.hub.crash(service);
    await exited;
    await sleep(downMs);
    await this.hub.start(service);
    this.watch(service);
  }

  /** Notes the service's process exiting by itself (not killed by the run, not stopped at the end). */
  private watch(service: string): void {
    const child = this.hub.running.get(service)?.child;
    // 'close': after the process's last output lines arrived.
    child?.once('close', (code, signal) => {
      if (this.killing.has(child) || this.disposed) return;
      this.deaths.push({ service, at: new Date().toISOString(), code, signal, lastLines: this.lastLines(15, service) });
    });
  }

  async simConfig(crm: 'ontraport' | 'infusionsoft', patch: Record<string, number>): Promise<void> {
    await this.sim(crm, 'config', patch);
  }

  /** A simulator's control or inspection endpoint (`/__sim/...`), over HTTP. */
  async sim<T = unknown>(crm: 'ontraport' | 'infusionsoft', path: string, body?: unknown): Promise<T> {
    const base = crm === 'ontraport' ? this.ontraport.url : this.infusionsoft.url;
    const res = await fetch(`${base}/__sim/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${crm} simulator ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async stop(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.hub?.stopAll().catch(() => undefined);
    await Promise.all([this.ontraport?.close(), this.infusionsoft?.close(), this.smtp?.close()].map((p) => p?.catch(() => undefined)));
    await Promise.all([this.mq?.dispose(), this.pg?.dispose()]);
  }

  /** For exit handlers (SIGINT, an uncaught error): nothing asynchronous runs any more. */
  stopSync(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const r of this.hub?.running.values() ?? []) r.child.kill('SIGKILL');
    this.mq?.disposeSync();
    this.pg?.disposeSync();
  }

  private async setUp(m: ChaosMerchant): Promise<void> {
    await this.api('mapping', 'POST', '/merchants', OPERATOR_TOKEN, { merchantId: m.id, name: `${m.id} (chaos)` });
    const issued = await this.api<{ token: string }>('mapping', 'POST', `/merchants/${m.id}/tokens`, OPERATOR_TOKEN, { role: 'admin', label: 'chaos admin' });
    m.adminToken = issued.token;
    const admin = issued.token;
    await this.api('mapping', 'PUT', `/merchants/${m.id}/webhook-credentials`, admin, m.webhook);
    if (m.crms.includes('ontraport')) {
      await this.sim('ontraport', 'accounts', m.ontraport);
      await this.api('mapping', 'PUT', `/merchants/${m.id}/crms/ontraport/credentials`, admin, m.ontraport);
      await this.api('mapping', 'PUT', `/merchants/${m.id}/crms/ontraport/settings`, admin, { apiMethod: 'rest-v1' });
    }
    if (m.crms.includes('infusionsoft')) {
      await this.sim('infusionsoft', 'apps', { name: m.infusionsoft.app, apiKey: m.infusionsoft.apiKey });
      for (const item of ITEMS) await this.sim('infusionsoft', `apps/${m.infusionsoft.app}/tables/Product`, { ProductName: item.itemId, ProductPrice: item.price });
      await this.api('mapping', 'PUT', `/merchants/${m.id}/crms/infusionsoft/credentials`, admin, {
        auth: 'api-key',
        appName: m.infusionsoft.app,
        apiKey: m.infusionsoft.apiKey,
        notifyEmails: [`owner@${m.id.toLowerCase()}.example`],
      });
      await this.api('mapping', 'PUT', `/merchants/${m.id}/crms/infusionsoft/settings`, admin, { contactTags: ['Chaos Customer'] });
    }
    if (m.imports) {
      await this.api('mapping', 'PUT', `/merchants/${m.id}/channel-partners/${m.partner.code}`, admin, { password: m.partner.password });
      const csv = ['item_id,description,price,currency,physical', ...ITEMS.map((i) => `${i.itemId},${i.description},${i.price.toFixed(2)},USD,N`)].join('\n') + '\n';
      const res = await fetch(`${this.url('order-import')}/channel_partner/${m.id}/catalog`, {
        method: 'PUT',
        headers: { authorization: basic(m.partner.code, m.partner.password), 'content-type': 'text/csv' },
        body: csv,
      });
      if (!res.ok) throw new Error(`catalog of ${m.id}: ${res.status} ${await res.text()}`);
    }
    // Revoked after it was stored and tested: from now on the CRM refuses every call of this merchant.
    if (m.revoked === 'ontraport') await this.sim('ontraport', 'accounts', { appId: m.ontraport.appId, apiKey: 'revoked-key' });
    if (m.revoked === 'infusionsoft') await this.sim('infusionsoft', 'apps', { name: m.infusionsoft.app, apiKey: 'revoked-key' });
  }

  private async api<T = unknown>(service: string, method: string, path: string, token: string, body: unknown): Promise<T> {
    const res = await fetch(`${this.url(service)}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${service}${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
export { basic };
