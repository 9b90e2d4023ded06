import { MAPPING_ENTITIES, MAPPING_MIGRATIONS } from '@hub/mapping-service';
import { migrateSchema } from '@hub/persistence';
import { DEV_MASTER_KEY, SecretBox } from '@hub/platform';
import { createTestSchema, TestSchema } from '@hub/testing';

/** A database set up by the first version (seeded merchants) keeps its ONTRAPORT setup after the upgrade. */
describe('mapping: migrations', () => {
  let schema: TestSchema;
  const box = new SecretBox([DEV_MASTER_KEY]);

  beforeAll(async () => {
    schema = await createTestSchema('mapping-migrations');
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations: [MAPPING_MIGRATIONS[0]] });
  });

  afterAll(() => schema?.drop());

  it('moves the first schema’s ONTRAPORT rows into crm_settings, key still sealed and readable', async () => {
    await schema.query(`INSERT INTO merchant_integrations (merchant_id, ontraport_enabled, ontraport_app_id, ontraport_api_key_sealed) VALUES ('OLD', true, 'app-9', $1), ('OFF', false, NULL, NULL)`, [
      box.encrypt('old-key'),
    ]);
    await schema.query(`INSERT INTO product_mappings (merchant_id, crm, item_id, product_name) VALUES ('OLD', 'ontraport', 'BOOK', 'The Book')`);
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: MAPPING_ENTITIES, migrations: MAPPING_MIGRATIONS });
    const rows = await schema.query<{ merchant_id: string; settings: object; credentials: object | null; credential_secrets: { apiKey: string } | null; credentials_status: string }>(
      `SELECT merchant_id, settings, credentials, credential_secrets, credentials_status FROM crm_settings ORDER BY merchant_id`,
    );
    expect(rows.map((r) => [r.merchant_id, r.settings, r.credentials, r.credentials_status])).toEqual([
      ['OFF', { enabled: false }, null, 'missing'],
      ['OLD', { enabled: true }, { appId: 'app-9' }, 'unverified'],
    ]);
    expect(box.decrypt(rows[1].credential_secrets?.apiKey ?? '')).toBe('old-key');
    expect(await schema.query(`SELECT item_id, product_name FROM product_mappings`)).toEqual([{ item_id: 'BOOK', product_name: 'The Book' }]);
    expect(await schema.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'merchant_integrations'`, [schema.schema])).toEqual([]);
  });
});
