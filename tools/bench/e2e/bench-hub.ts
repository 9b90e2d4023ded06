import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { dropSchemas, HUB_SERVICES, HubLauncher, migrateAll, ROOT } from '@hub/dev-tools';
import { DEV_MASTER_KEY } from '@hub/platform';
import { createTestVhost, freePort, TEST_DATABASE_URL, TestVhost, uniqueName } from '@hub/testing';
import { BenchMerchant, CATALOG_CSV, infusionsoftSettings, ITEMS, ontraportSettings } from './merchants';

const OPERATOR_TOKEN = 'bench-e2e-operator-token-0123456789abcdef';
/** Far above anything this machine reaches: the benchmark measures the hub, not the CRMs' limits. */
export const SCALED_LIMITS = { ontraportPerSecond: 10_000, infusionsoftPerSecond: 10_000 };

export interface BenchHubOptions {
  merchants: BenchMerchant[];
  /** Replicas per service (1 = just the service); competing consumers on the same queues. */
  replicas: Record<string, number>;
  /** NODE_OPTIONS for the services (heap flags…). */
  serviceNodeOptions?: string;
  /** Preload cpu-profiler.cjs into every service and simulator, writing profiles here (see hub-run). */
  profileDir?: string;
  onLine?: (service: string, line: string) => void;
}

export interface SimProcess {
  name: string;
  url: string;
  child: ChildProcess;
}

/** What is running and must be removed if the benchmark is interrupted (Ctrl-C, SIGTERM). */
export const RUNNING = new Set<{ stop(): Promise<void> }>();

const basic = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

/**
 * The whole hub as real processes — the six services (with replicas), the ONTRAPORT simulator and
 * the Infusionsoft simulator with its SMTP sink — in a vhost and schemas of their own, with every
 * merchant set up through mapping's configuration API as an operator and the merchants' admins
 * would: merchant and admin token, webhook credentials, each CRM's settings and credentials
 * (tested through the connector against the simulator), channel partners and their catalog.
 */
export class BenchHub {
  readonly prefix = uniqueName('bench_e2e');
  vhost!: TestVhost;
  hub!: HubLauncher;
  ontraport!: SimProcess;
  infusionsoft!: SimProcess;
  readonly db = new Client({ connectionString: TEST_DATABASE_URL });
  private dbOpen = false;

  constructor(private readonly options: BenchHubOptions) {}

  schema(service: string): string {
    const s = HUB_SERVICES.find((x) => x.name === service)?.schema;
    if (!s) throw new Error(`no schema for ${service}`);
    return `${this.prefix}_${s}`;
  }

  /** Every running process the benchmark accounts for: `<service>[#n]` and the two simulators. */
  pids(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [name, r] of this.hub.running) if (r.child.pid) out.set(name, r.child.pid);
    if (this.ontraport.child.pid) out.set('ontraport-simulator', this.ontraport.child.pid);
    if (this.infusionsoft.child.pid) out.set('infusionsoft-simulator', this.infusionsoft.child.pid);
    return out;
  }

  /** Whether a process of `pids()` is still running. */
  alive(name: string): boolean {
    const child = name === 'ontraport-simulator' ? this.ontraport.child : name === 'infusionsoft-simulator' ? this.infusionsoft.child : this.hub.running.get(name)?.child;
    return !!child && child.exitCode === null && child.signalCode === null;
  }

  async start(): Promise<void> {
    RUNNING.add(this);
    this.vhost = await createTestVhost('bench_e2e');
    await this.db.connect();
    this.dbOpen = true;
    await migrateAll(TEST_DATABASE_URL, this.prefix, () => undefined);
    const { merchants } = this.options;
    this.ontraport = await startSimulator('ontraport-simulator', 'tools/simulators/ontraport/src/main.ts', {
      ONTRAPORT_SIM_PORT: String(await freePort()),
      ONTRAPORT_SIM_ACCOUNTS: merchants.flatMap((m) => (m.ontraport ? [`${m.ontraport.appId}:${m.ontraport.apiKey}`] : [])).join(','),
      ONTRAPORT_SIM_RATE_LIMIT: String(1_000_000_000),
      ONTRAPORT_SIM_RATE_WINDOW_MS: '1000',
      ...this.nodeOptions(),
      BENCH_PROFILE_NAME: 'ontraport-simulator',
    });
    const smtpPort = await freePort();
    this.infusionsoft = await startSimulator('infusionsoft-simulator', 'tools/simulators/infusionsoft/src/main.ts', {
      INFUSIONSOFT_SIM_PORT: String(await freePort()),
      SMTP_SINK_PORT: String(smtpPort),
      ...this.nodeOptions(),
      BENCH_PROFILE_NAME: 'infusionsoft-simulator',
    });
    for (const m of merchants) {
      if (!m.infusionsoft) continue;
      await simPost(this.infusionsoft.url, 'apps', { name: m.infusionsoft.appName, apiKey: m.infusionsoft.apiKey });
      // Infusionsoft finds a line's product by name (= the cart's item id) when no mapping says otherwise.
      for (const item of ITEMS) await simPost(this.infusionsoft.url, `apps/${m.infusionsoft.appName}/tables/Product`, { ProductName: item.id, ProductPrice: item.price });
    }

    const ports: Record<string, number> = {};
    const names: string[] = [];
    for (const s of HUB_SERVICES) {
      for (let r = 1; r <= (this.options.replicas[s.name] ?? 1); r++) {
        const key = r === 1 ? s.name : `${s.name}#${r}`;
        ports[key] = await freePort();
        names.push(key);
      }
    }
    this.hub = new HubLauncher({
      ports,
      schemaPrefix: this.prefix,
      readyTimeoutMs: 120_000,
      env: {
        AMQP_URL: this.vhost.url,
        // Named, so the benchmark can find this hub's PostgreSQL backends (and their CPU) among everyone's.
        DATABASE_URL: `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}application_name=${this.prefix}`,
        HUB_MASTER_KEYS: DEV_MASTER_KEY,
        HUB_OPERATOR_TOKEN: OPERATOR_TOKEN,
        ONTRAPORT_BASE_URL: this.ontraport.url,
        ONTRAPORT_RATE_LIMIT: String(SCALED_LIMITS.ontraportPerSecond),
        ONTRAPORT_RATE_WINDOW_MS: '1000',
        INFUSIONSOFT_LEGACY_URL: `${this.infusionsoft.url}/apps/{app}/api/xmlrpc`,
        INFUSIONSOFT_OAUTH_URL: `${this.infusionsoft.url}/crm/xmlrpc/v1`,
        INFUSIONSOFT_CALLS_PER_SECOND: String(SCALED_LIMITS.infusionsoftPerSecond),
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        // A transient failure is retried soon: a refund that overtakes its sale waits ~0.2 s, not 1 s.
        AMQP_RETRY_BASE_MS: '200',
        AMQP_RETRY_MAX_MS: '5000',
        AMQP_RETRY_MAX_ATTEMPTS: '30',
        LOG_LEVEL: 'warn',
        ...this.nodeOptions(),
      },
      envFor: Object.fromEntries(HUB_SERVICES.map((s) => [s.name, { BENCH_PROFILE_NAME: s.name }])),
      onLine: this.options.onLine,
    });
    // Other sessions' suites share the server: say so when this hub's pools may not all get connections.
    const budget = await this.hub.connectionBudget(TEST_DATABASE_URL, names);
    if (budget.problem) this.options.onLine?.('bench', `connection budget: ${budget.problem}`);
    // Replicas after their first instance: the first declares the topology.
    for (const s of HUB_SERVICES) await this.hub.start(s.name);
    await Promise.all(names.filter((n) => n.includes('#')).map((n) => this.hub.start(n.split('#')[0], Number(n.split('#')[1]))));
    await this.configureMerchants();
  }

  /** NODE_OPTIONS (and the profiler's settings) for every process of the hub. */
  private nodeOptions(): Record<string, string> {
    const { serviceNodeOptions, profileDir } = this.options;
    const options = [serviceNodeOptions, profileDir ? `--require ${resolve(__dirname, 'cpu-profiler.cjs')}` : undefined].filter(Boolean).join(' ');
    return { ...(options ? { NODE_OPTIONS: options } : {}), ...(profileDir ? { BENCH_PROFILE_DIR: profileDir } : {}) };
  }

  private async api(service: string, method: string, path: string, token: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
    const res = await fetch(`${this.hub.url(service)}${path}`, {
      method,
      headers: { authorization: token.startsWith('Basic ') ? token : `Bearer ${token}`, 'content-type': contentType },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${service}${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** Through the real APIs only, a few merchants at a time (credential tests go to the simulators). */
  private async configureMerchants(): Promise<void> {
    const queue = [...this.options.merchants];
    const worker = async () => {
      for (let m = queue.shift(); m; m = queue.shift()) await this.configure(m);
    };
    await Promise.all(Array.from({ length: 6 }, worker));
  }

  private async configure(m: BenchMerchant): Promise<void> {
    await this.api('mapping', 'POST', '/merchants', OPERATOR_TOKEN, { merchantId: m.id, name: `Bench merchant ${m.index}` });
    const issued = (await this.api('mapping', 'POST', `/merchants/${m.id}/tokens`, OPERATOR_TOKEN, { role: 'admin', label: 'bench admin' })) as { token: string };
    m.adminToken = issued.token;
    const admin = issued.token;
    await this.api('mapping', 'PUT', `/merchants/${m.id}/webhook-credentials`, admin, m.webhook);
    if (m.ontraport) {
      await this.api('mapping', 'PUT', `/merchants/${m.id}/crms/ontraport/settings`, admin, ontraportSettings(m));
      await this.api('mapping', 'PUT', `/merchants/${m.id}/crms/ontraport/credentials`, admin, m.ontraport);
    }
    if (m.infusionsoft) {
      await this.api('mapping', 'PUT', `/merchants/${m.id}/crms/infusionsoft/settings`, admin, infusionsoftSettings());
      await this.api('mapping', 'PUT', `/merchants/${m.id}/crms/infusionsoft/credentials`, admin, {
        auth: 'api-key',
        appName: m.infusionsoft.appName,
        apiKey: m.infusionsoft.apiKey,
        notifyEmails: [`owner@${m.id.toLowerCase()}.example.com`],
      });
    }
    if (m.partner) {
      await this.api('mapping', 'PUT', `/merchants/${m.id}/channel-partners/${m.partner.code}`, admin, { password: m.partner.password });
      await this.api('order-import', 'PUT', `/channel_partner/${m.id}/catalog`, basic(m.partner.code, m.partner.password), CATALOG_CSV, 'text/csv');
    }
  }

  async stop(): Promise<void> {
    RUNNING.delete(this);
    await this.hub?.stopAll();
    for (const sim of [this.ontraport, this.infusionsoft]) if (sim) await stopChild(sim.child);
    await this.vhost?.dispose().catch(() => undefined);
    await dropSchemas(TEST_DATABASE_URL, this.prefix).catch(() => undefined);
    if (this.dbOpen) await this.db.end();
  }
}

async function simPost(base: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${base}/__sim/${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
}

/** A simulator as a process of its own (its `main.ts`), ready once it logs "listening". */
async function startSimulator(name: string, entry: string, env: Record<string, string>): Promise<SimProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    const j = JSON.parse(line) as { msg?: string; url?: string };
    if (j.msg === 'listening' && j.url) {
      lines.removeAllListeners();
      child.stdout?.resume();
      return { name, url: j.url, child };
    }
    if (j.msg === 'failed to start') break;
  }
  throw new Error(`${name} did not start`);
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
