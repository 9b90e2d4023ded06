import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MAPPING_ENTITIES, MAPPING_MIGRATIONS } from '@hub/mapping-service';
import { RpcPatterns } from '@hub/messaging-contracts';
import { MessagePublisher, MessagingModule } from '@hub/messaging-nest';
import { migrateSchema } from '@hub/persistence';
import { DEV_MASTER_KEY, PlatformModule } from '@hub/platform';
import { createTestSchema, createTestVhost, freePort, TestSchema, TestVhost, waitFor } from '@hub/testing';
import { Asked, startFakeConnectors } from './fake-connectors';

const ROOT = resolve(__dirname, '../../..');
const OPERATOR = 'operator-token-never-in-a-log-0123456789';
const SECRETS = {
  ontraportKey: 'good-ontraport-key-NEVER-LOGGED-1',
  infusionsoftKey: 'good-infusionsoft-key-NEVER-LOGGED-2',
  webhookPassword: 'webhook-password-NEVER-LOGGED-3',
  partnerPassword: 'partner-password-NEVER-LOGGED-4',
  signingSecret: 'signing-secret-NEVER-LOGGED-5',
};

/**
 * The mapping service as a real process at LOG_LEVEL=debug: everything it writes (stdout and
 * stderr) while secrets pass through it — tokens, API keys, passwords on their way to ingest and
 * order-import, the keys handed to the connectors — must not contain one of them.
 */
describe('mapping: secrets never reach a log', () => {
  let vhost: TestVhost;
  let schema: TestSchema;
  let child: ChildProcess;
  let fakes: { app: INestApplication; asked: Asked };
  let client: INestApplication;
  let base = '';
  const output: string[] = [];

  const http = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json().catch(() => undefined)) as Record<string, unknown> };
  };

  beforeAll(async () => {
    vhost = await createTestVhost('mapping-logs');
    schema = await createTestSchema('mapping-logs');
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: MAPPING_ENTITIES, migrations: MAPPING_MIGRATIONS });
    fakes = await startFakeConnectors(vhost.url);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/mapping/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        PORT: String(port),
        HOST: '127.0.0.1',
        AMQP_URL: vhost.url,
        DATABASE_URL: schema.url,
        DATABASE_SCHEMA: schema.schema,
        HUB_MASTER_KEYS: DEV_MASTER_KEY,
        HUB_OPERATOR_TOKEN: OPERATOR,
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (b: Buffer) => output.push(b.toString()));
    child.stderr?.on('data', (b: Buffer) => output.push(b.toString()));
    await waitFor(async () => (await fetch(`${base}/health/ready`)).ok, { timeoutMs: 60_000, what: 'mapping ready' });
    const moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot('test-client'), MessagingModule.forRoot({ service: 'test-client', config: { AMQP_URL: vhost.url } })],
    }).compile();
    client = moduleRef.createNestApplication({ logger: false });
    await client.init();
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await client?.close();
    await fakes?.app.close();
    await schema?.drop();
    await vhost?.dispose();
  });

  it('logs requests, and none of the secrets that went through them', async () => {
    expect((await http('POST', '/merchants', OPERATOR, { merchantId: 'LOGS', name: 'Logs Inc.' })).status).toBe(201);
    const issued = await http('POST', '/merchants/LOGS/tokens', OPERATOR, { role: 'admin', label: 'first' });
    const admin = String(issued.json['token']);
    expect((await http('PUT', '/merchants/LOGS/crms/ontraport/credentials', admin, { appId: 'app', apiKey: SECRETS.ontraportKey })).status).toBe(200);
    expect((await http('PUT', '/merchants/LOGS/crms/ontraport/credentials', admin, { appId: 'app', apiKey: 'bad-' + SECRETS.ontraportKey })).status).toBe(422);
    expect((await http('PUT', '/merchants/LOGS/crms/infusionsoft/credentials', admin, { auth: 'api-key', appName: 'ab1', apiKey: SECRETS.infusionsoftKey })).status).toBe(200);
    expect(
      (await http('PUT', '/merchants/LOGS/webhook-credentials', admin, { username: 'cart', password: SECRETS.webhookPassword, signingSecret: SECRETS.signingSecret })).status,
    ).toBe(200);
    expect((await http('PUT', '/merchants/LOGS/channel-partners/AMZ', admin, { password: SECRETS.partnerPassword })).status).toBe(200);
    // A request that fails validation echoes nothing secret either.
    expect((await http('PUT', '/merchants/LOGS/webhook-credentials', admin, { username: 'a b', password: SECRETS.webhookPassword, extra: 1 })).status).toBe(400);
    const publisher = client.get(MessagePublisher);
    await expect(publisher.request(RpcPatterns.mapping.ontraportCredentials, { merchantId: 'LOGS' })).resolves.toMatchObject({ apiKey: SECRETS.ontraportKey });
    await publisher.request(RpcPatterns.mapping.infusionsoftCredentials, { merchantId: 'LOGS' });
    await publisher.request(RpcPatterns.mapping.authenticateToken, { token: admin });

    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    const log = output.join('');
    // The log is there (so the assertions below can fail): one line per request at least.
    expect(log.split('\n').filter((l) => l.includes('"req"')).length).toBeGreaterThanOrEqual(7);
    for (const secret of [...Object.values(SECRETS), OPERATOR, admin]) expect(log).not.toContain(secret);
  }, 60_000);
});
