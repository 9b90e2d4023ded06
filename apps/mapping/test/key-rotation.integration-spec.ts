import { randomBytes } from 'node:crypto';
import { OntraportCredentialsReply, RpcPatterns } from '@hub/messaging-contracts';
import { DEV_MASTER_KEY, SecretBox } from '@hub/platform';
import { MappingHarness, OPERATOR_TOKEN } from './mapping-harness';

/** Master-key rotation: a new key first in HUB_MASTER_KEYS, the old one still there to read old values. */
describe('mapping: master-key rotation', () => {
  const NEW_KEY = `k2:${randomBytes(32).toString('base64')}`;
  let h: MappingHarness;
  const saved = process.env['HUB_MASTER_KEYS'];

  beforeAll(async () => {
    process.env['HUB_MASTER_KEYS'] = `${NEW_KEY},${DEV_MASTER_KEY}`;
    h = await MappingHarness.start('mapping-rotation');
  }, 30_000);

  afterAll(async () => {
    process.env['HUB_MASTER_KEYS'] = saved;
    await h?.close();
  });

  it('reads secrets sealed with the old key, and re-seals them with the new one on the operator’s request', async () => {
    // A value written before the rotation, under the old (development) key.
    const old = new SecretBox([DEV_MASTER_KEY]).encrypt('key-from-before');
    await h.schema.query(
      `INSERT INTO crm_settings (merchant_id, crm, settings, credentials, credential_secrets, credentials_status) VALUES ('OLD', 'ontraport', '{}', '{"appId":"a"}', $1, 'working')`,
      [JSON.stringify({ apiKey: old })],
    );
    await expect(h.publisher.request<OntraportCredentialsReply>(RpcPatterns.mapping.ontraportCredentials, { merchantId: 'OLD' })).resolves.toMatchObject({ apiKey: 'key-from-before' });
    const m = await h.merchant('M1');
    expect((await h.http('POST', '/operator/secrets/reseal', m.admin)).status).toBe(403);
    const res = await h.http('POST', '/operator/secrets/reseal', OPERATOR_TOKEN);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ resealed: 1, rows: 1 });
    const rows = await h.schema.query<{ s: { apiKey: string } }>(`SELECT credential_secrets AS s FROM crm_settings WHERE merchant_id = 'OLD'`);
    expect(rows[0].s.apiKey.startsWith('v1:k2:')).toBe(true);
    // Readable with the new key alone: the old one can now be dropped.
    expect(new SecretBox([NEW_KEY]).decrypt(rows[0].s.apiKey)).toBe('key-from-before');
    expect((await h.http('POST', '/operator/secrets/reseal', OPERATOR_TOKEN)).body).toEqual({ resealed: 0, rows: 1 });
  });
});
