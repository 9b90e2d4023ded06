/**
 * Seeds the demo merchant: webhook credentials for ingest and ONTRAPORT settings for mapping,
 * pointing at the simulator's demo account. `npm run seed` (idempotent). Until the config API
 * exists (mapping issue), this is how a merchant is set up.
 */
import { Client } from 'pg';
import { hashSecret, loadConfig, SecretBox, SecretsConfig } from '@hub/platform';
import { DatabaseConfig } from '@hub/persistence';

export const DEMO = {
  merchantId: 'DEMO',
  webhookUser: 'ultracart',
  webhookPassword: 'demo-webhook-secret',
  ontraportAppId: 'demo-app',
  ontraportApiKey: 'demo-key',
  productNames: { 'BOOK-1': 'The Demo Book' } as Record<string, string>,
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

export async function seedDemo(url: string, schemas: { ingest: string; mapping: string }, masterKeys: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const box = SecretBox.fromEnv(masterKeys);
    await seedWebhookCredentials(db, schemas.ingest, { merchantId: DEMO.merchantId, username: DEMO.webhookUser, password: DEMO.webhookPassword });
    await db.query(
      `INSERT INTO "${schemas.mapping}".merchant_integrations (merchant_id, ontraport_enabled, ontraport_app_id, ontraport_api_key_sealed)
       VALUES ($1, true, $2, $3)
       ON CONFLICT (merchant_id) DO UPDATE SET ontraport_enabled = true, ontraport_app_id = EXCLUDED.ontraport_app_id,
         ontraport_api_key_sealed = EXCLUDED.ontraport_api_key_sealed, updated_at = now()`,
      [DEMO.merchantId, DEMO.ontraportAppId, box.encrypt(DEMO.ontraportApiKey)],
    );
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
