/**
 * Seeds the demo merchant: webhook credentials for ingest and ONTRAPORT settings for mapping,
 * pointing at the simulator's demo account, and a demo admin token for mapping's config API.
 * `npm run seed` (idempotent). Real merchants are set up through the config API.
 */
import { Client } from 'pg';
import { apiTokenDigest } from '@hub/auth';
import { hashSecret, hint, loadConfig, SecretBox, SecretsConfig } from '@hub/platform';
import { DatabaseConfig } from '@hub/persistence';

export const DEMO = {
  merchantId: 'DEMO',
  webhookUser: 'ultracart',
  webhookPassword: 'demo-webhook-secret',
  ontraportAppId: 'demo-app',
  ontraportApiKey: 'demo-key',
  productNames: { 'BOOK-1': 'The Demo Book' } as Record<string, string>,
  /** Bearer token of the demo merchant's admin for mapping's config API (seeded; local runs only). */
  adminToken: 'hubt_demo-admin-token-for-local-runs-only-000000',
};

export interface WebhookCredentialsSeed {
  merchantId: string;
  username: string;
  password: string;
}

/** A merchant's webhook credentials, as ingest stores them (scrypt hash), for seeds and benchmarks. */
export async function seedWebhookCredentials(db: Client, ingestSchema: string, c: WebhookCredentialsSeed): Promise<void> {
  await db.query(
    `INSERT INTO "${ingestSchema}".webhook_credentials (merchant_id, username, password_hash) VALUES ($1, $2, $3)
     ON CONFLICT (merchant_id) DO UPDATE SET username = EXCLUDED.username, password_hash = EXCLUDED.password_hash, updated_at = now()`,
    [c.merchantId, c.username, await hashSecret(c.password)],
  );
}

/** A merchant's ONTRAPORT settings and credentials, as mapping stores them (key sealed), for seeds and tests. */
export async function seedOntraport(
  db: Client,
  mappingSchema: string,
  box: SecretBox,
  c: { merchantId: string; appId: string; apiKey: string; settings?: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `INSERT INTO "${mappingSchema}".crm_settings (merchant_id, crm, settings, credentials, credential_secrets, credentials_status, credentials_message)
     VALUES ($1, 'ontraport', $2, $3, $4, 'unverified', 'seeded: not tested')
     ON CONFLICT (merchant_id, crm) DO UPDATE SET settings = EXCLUDED.settings, credentials = EXCLUDED.credentials,
       credential_secrets = EXCLUDED.credential_secrets, credentials_status = EXCLUDED.credentials_status,
       credentials_message = EXCLUDED.credentials_message, updated_at = now()`,
    [c.merchantId, c.settings ?? { enabled: true, apiMethod: 'rest-v1' }, { appId: c.appId }, { apiKey: box.encrypt(c.apiKey) }],
  );
}

/** The merchant and a fixed admin token (local runs only: anyone reading this file knows it). */
export async function seedMerchant(db: Client, mappingSchema: string, merchantId: string, adminToken: string): Promise<void> {
  await db.query(`INSERT INTO "${mappingSchema}".merchants (merchant_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [merchantId, `${merchantId} (demo)`]);
  await db.query(
    `INSERT INTO "${mappingSchema}".api_tokens (token_id, merchant_id, role, label, token_digest, hint)
     VALUES (gen_random_uuid(), $1, 'admin', 'seeded demo admin', $2, $3) ON CONFLICT (token_digest) DO NOTHING`,
    [merchantId, apiTokenDigest(adminToken), hint(adminToken)],
  );
}

export async function seedDemo(url: string, schemas: { ingest: string; mapping: string }, masterKeys: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const box = SecretBox.fromEnv(masterKeys);
    await seedWebhookCredentials(db, schemas.ingest, { merchantId: DEMO.merchantId, username: DEMO.webhookUser, password: DEMO.webhookPassword });
    await seedMerchant(db, schemas.mapping, DEMO.merchantId, DEMO.adminToken);
    await seedOntraport(db, schemas.mapping, box, { merchantId: DEMO.merchantId, appId: DEMO.ontraportAppId, apiKey: DEMO.ontraportApiKey });
    for (const [itemId, name] of Object.entries(DEMO.productNames)) {
      await db.query(
        `INSERT INTO "${schemas.mapping}".product_mappings (merchant_id, crm, item_id, product_name) VALUES ($1, 'ontraport', $2, $3)
         ON CONFLICT (merchant_id, crm, item_id) DO UPDATE SET product_name = EXCLUDED.product_name`,
        [DEMO.merchantId, itemId, name],
      );
    }
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  seedDemo(loadConfig(DatabaseConfig).DATABASE_URL, { ingest: 'ingest', mapping: 'mapping' }, loadConfig(SecretsConfig).HUB_MASTER_KEYS)
    .then(() => console.log(`seed: demo merchant ${DEMO.merchantId} ready`))
    .catch((err) => {
      console.error(`seed: failed: ${(err as Error).message}`);
      process.exit(1);
    });
}
