/**
 * Runs the whole hub locally: migrations, the demo merchant, the ONTRAPORT simulator and all six
 * services, with their logs in one stream. Ctrl-C stops everything. Started by `npm start`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startOntraportSimulator } from '@hub/ontraport-simulator';
import { DEFAULT_APP as INFUSIONSOFT_DEMO_APP, startInfusionsoftSimulator, startSmtpSink } from '@hub/infusionsoft-simulator';
import { loadConfig, SecretsConfig } from '@hub/platform';
import { DatabaseConfig } from '@hub/persistence';
import { HubLauncher } from './launcher';
import { HUB_SERVICES } from './hub-services';
import { migrateAll } from './migrate';
import { DEMO, seedDemo } from './seed-demo';

const SIM_PORT = Number(process.env['ONTRAPORT_SIM_PORT'] ?? 4001);
const INFUSIONSOFT_SIM_PORT = Number(process.env['INFUSIONSOFT_SIM_PORT'] ?? 4002);
const SMTP_SINK_PORT = Number(process.env['SMTP_SINK_PORT'] ?? 4025);
const COLORS = [36, 35, 33, 32, 34, 31, 90];
const started = Date.now();

/** Nest's boot chatter (modules, routes) and probe requests say nothing a developer needs here. */
const QUIET_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

function printLine(service: string, line: string): void {
  try {
    const j = JSON.parse(line) as { level?: number; context?: string; req?: { url?: string } };
    if ((j.level ?? 30) < 40 && (QUIET_CONTEXTS.has(j.context ?? '') || /^\/(health|metrics)/.test(j.req?.url ?? ''))) return;
  } catch {
    // not JSON: printed below
  }
  const color = COLORS[Math.max(0, HUB_SERVICES.findIndex((s) => s.name === service)) % COLORS.length];
  let text = line;
  try {
    const j = JSON.parse(line) as { level?: number; msg?: string; correlationId?: string; context?: string; req?: { method?: string; url?: string }; res?: { statusCode?: number } };
    const level = (j.level ?? 30) >= 50 ? 'ERROR ' : (j.level ?? 30) >= 40 ? 'WARN  ' : '';
    const req = j.req ? ` ${j.req.method} ${j.req.url} → ${j.res?.statusCode ?? ''}` : '';
    text = `${level}${j.msg ?? ''}${req}${j.correlationId ? `  [${j.correlationId}]` : ''}`;
  } catch {
    // not JSON (a stack trace): print as it came
  }
  process.stdout.write(`\x1b[${color}m${service.padEnd(22)}\x1b[0m ${text}\n`);
}

async function main(): Promise<void> {
  const db = loadConfig(DatabaseConfig);
  const secrets = loadConfig(SecretsConfig);
  await migrateAll(db.DATABASE_URL);
  await seedDemo(db.DATABASE_URL, { ingest: 'ingest', mapping: 'mapping' }, secrets.HUB_MASTER_KEYS);
  console.log(`seed: demo merchant ${DEMO.merchantId} (webhook ${DEMO.webhookUser}:${DEMO.webhookPassword}, ONTRAPORT ${DEMO.ontraportAppId})`);

  const sim = await startOntraportSimulator({
    port: SIM_PORT,
    host: '127.0.0.1',
    accounts: [{ appId: DEMO.ontraportAppId, apiKey: DEMO.ontraportApiKey }],
  });
  console.log(`simulator: ONTRAPORT at ${sim.url} (state: ${sim.url}/__sim/state)`);
  const infusionsoftSim = await startInfusionsoftSimulator({ port: INFUSIONSOFT_SIM_PORT, host: '127.0.0.1', apps: [INFUSIONSOFT_DEMO_APP] });
  const smtpSink = await startSmtpSink({ port: SMTP_SINK_PORT, host: '127.0.0.1' });
  console.log(`simulator: Infusionsoft at ${infusionsoftSim.url} (app "${INFUSIONSOFT_DEMO_APP.name}", state: ${infusionsoftSim.url}/__sim/state), SMTP sink at 127.0.0.1:${smtpSink.port}`);

  const hub = new HubLauncher({
    env: {
      ONTRAPORT_BASE_URL: process.env['ONTRAPORT_BASE_URL'] ?? sim.url,
      INFUSIONSOFT_LEGACY_URL: process.env['INFUSIONSOFT_LEGACY_URL'] ?? infusionsoftSim.legacyUrlTemplate,
      INFUSIONSOFT_OAUTH_URL: process.env['INFUSIONSOFT_OAUTH_URL'] ?? infusionsoftSim.oauthUrl,
      SMTP_URL: process.env['SMTP_URL'] ?? `smtp://127.0.0.1:${smtpSink.port}`,
      HUB_MASTER_KEYS: secrets.HUB_MASTER_KEYS,
    },
    onLine: printLine,
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping the hub…');
    await hub.stopAll();
    await sim.close();
    await infusionsoftSim.close();
    await smtpSink.close();
    console.log('stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const budget = await hub.connectionBudget(db.DATABASE_URL);
  console.log(`database: the services' pools take up to ${budget.total} of ${budget.budget} connections (max_connections ${budget.server.maxConnections}; pools per service: DATABASE_POOL_SIZE)`);
  if (budget.problem) console.warn(`database: WARNING ${budget.problem}`);
  try {
    await hub.startAll();
  } catch (err) {
    console.error(`start: ${(err as Error).message}`);
    await stop(1);
    return;
  }
  const sample = resolve(__dirname, 'sample-order.json');
  JSON.parse(readFileSync(sample, 'utf8'));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
The hub is running (ready in ${seconds} s). Ctrl-C stops everything.

  ingest                  ${hub.url('ingest')}        (webhooks; OpenAPI at /docs)
  mapping                 ${hub.url('mapping')}        (configuration API; OpenAPI at /docs)
  order-import            ${hub.url('order-import')}
  audit-log               ${hub.url('audit-log')}        (transmission log)
  ontraport-connector     ${hub.url('ontraport-connector')}    (health, metrics)
  infusionsoft-connector  ${hub.url('infusionsoft-connector')}
  ONTRAPORT simulator     ${sim.url}
  Infusionsoft simulator  ${infusionsoftSim.url}   (SMTP sink 127.0.0.1:${smtpSink.port}: error mail)
  every service           /health/live  /health/ready  /metrics

Post a sample paid order, as UltraCart would:
  curl -s -u ${DEMO.webhookUser}:${DEMO.webhookPassword} -H 'content-type: application/json' \\
       --data @tools/dev/sample-order.json ${hub.url('ingest')}/webhooks/ultracart/${DEMO.merchantId}

See what was received and sent for it:
  curl -s -H 'authorization: Bearer ${DEMO.adminToken}' '${hub.url('audit-log')}/transmissions?merchantId=${DEMO.merchantId}&orderId=DEMO-0009104420'

The demo merchant's configuration (the seeded admin token), and what an order would send, unsent:
  curl -s -H 'authorization: Bearer ${DEMO.adminToken}' ${hub.url('mapping')}/merchants/${DEMO.merchantId}/config
  curl -s -H 'authorization: Bearer ${DEMO.adminToken}' -H 'content-type: application/json' \\
       --data @tools/dev/sample-order.json ${hub.url('mapping')}/merchants/${DEMO.merchantId}/preview
`);
}

main().catch((err) => {
  console.error(`start: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
