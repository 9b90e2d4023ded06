import { InfusionsoftCredentialsReply, OntraportCredentialsReply, RpcPatterns } from '@hub/messaging-contracts';
import { BOTH_METHODS_MESSAGE } from '@hub/mapping-rules';
import { INestApplication } from '@nestjs/common';
import { Asked, startFakeConnectors } from './fake-connectors';
import { MappingHarness } from './mapping-harness';

interface View {
  configured: boolean;
  settings: Record<string, unknown>;
  credentials: { status: string; message: string | null; fields: Record<string, unknown> };
}

describe('mapping: the configuration API', () => {
  let h: MappingHarness;
  let fakes: { app: INestApplication; asked: Asked };
  let m1: { admin: string; support: string };
  let m2: { admin: string; support: string };

  beforeAll(async () => {
    h = await MappingHarness.start('mapping-config');
    fakes = await startFakeConnectors(h.vhost.url);
    m1 = await h.merchant('M1');
    m2 = await h.merchant('M2');
  }, 30_000);

  afterAll(async () => {
    await fakes?.app.close();
    await h?.close();
  });

  describe('ONTRAPORT settings', () => {
    it('refuses the API method and the Partner Tracking Pixel together, with the guide’s reason, and stores nothing', async () => {
      const res = await h.http<{ code: string; fields: { field: string; messages: string[] }[] }>('PUT', '/merchants/M1/crms/ontraport/settings', m1.admin, {
        apiMethod: 'rest-v1',
        partnerPixel: true,
        defaultPixelSubdomain: 'shop.ontraport.com',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.fields).toContainEqual({ field: 'partnerPixel', messages: [BOTH_METHODS_MESSAGE] });
      expect((await h.http<View>('GET', '/merchants/M1/crms/ontraport', m1.admin)).body.configured).toBe(false);
    });

    it('names each bad field, unknown ones included', async () => {
      const res = await h.http<{ fields: { field: string }[] }>('PUT', '/merchants/M1/crms/ontraport/settings', m1.admin, {
        apiMethod: 'soap',
        pixelSubdomains: [{ themeCode: 'DFLT', subdomain: 'not a host' }],
        autoOrderStatusFeild: 'typo',
      });
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f) => f.field).sort()).toEqual(['apiMethod', 'autoOrderStatusFeild', 'pixelSubdomains.0.subdomain']);
    });

    it('stores valid settings with the defaults filled in, and support can read them', async () => {
      const put = await h.http<View>('PUT', '/merchants/M1/crms/ontraport/settings', m1.admin, {
        apiMethod: 'off',
        partnerPixel: true,
        pixelSubdomains: [{ themeCode: 'DFLT', subdomain: 'shop.ontraport.com' }],
        autoOrderStatusField: 'Auto Order Status',
      });
      expect(put.status).toBe(200);
      const got = await h.http<View>('GET', '/merchants/M1/crms/ontraport', m1.support);
      expect(got.status).toBe(200);
      expect(got.body.settings).toMatchObject({ enabled: true, apiMethod: 'off', partnerPixel: true, autoOrderStatusField: 'Auto Order Status', sendRefunds: true });
    });

    it('lets a support token read but not change', async () => {
      expect((await h.http('PUT', '/merchants/M1/crms/ontraport/settings', m1.support, { apiMethod: 'rest-v1' })).status).toBe(403);
    });
  });

  describe('Infusionsoft settings', () => {
    it('stores every option the guide has, validated by the Infusionsoft settings class', async () => {
      const body = {
        leadSourceField: 'coupon',
        createLeadSource: true,
        contactTags: ['Customer'],
        newCustomerTag: 'New Customer',
        repeatCustomerTag: 'Repeat Customer',
        mailingListTag: 'Newsletter',
        primaryAddress: 'shipping',
        actionSetId: 12,
        mailingListFilter: true,
        skipOrderCreation: false,
        orderCreationMethod: 'placeOrder',
      };
      const put = await h.http<View>('PUT', '/merchants/M1/crms/infusionsoft/settings', m1.admin, body);
      expect(put.status).toBe(200);
      expect(put.body.settings).toMatchObject(body);
      const bad = await h.http<{ fields: { field: string }[] }>('PUT', '/merchants/M1/crms/infusionsoft/settings', m1.admin, { primaryAddress: 'moon' });
      expect(bad.status).toBe(400);
      expect(bad.body.fields.map((f) => f.field)).toEqual(['primaryAddress']);
    });
  });

  describe('credentials, tested on save', () => {
    it('does not store a key ONTRAPORT refuses, and says so at once', async () => {
      const res = await h.http<{ code: string; message: string }>('PUT', '/merchants/M2/crms/ontraport/credentials', m2.admin, { appId: 'app-2', apiKey: 'bad-key-123' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CREDENTIALS_REJECTED');
      expect(res.body.message).toContain('wrong-key');
      expect((await h.http<View>('GET', '/merchants/M2/crms/ontraport', m2.admin)).body.credentials.status).toBe('missing');
      await expect(h.publisher.request(RpcPatterns.mapping.ontraportCredentials, { merchantId: 'M2' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('stores a working key sealed, shows only its last four characters, and hands it whole to the connector', async () => {
      const key = 'good-ontraport-key-7f3a';
      const res = await h.http<View>('PUT', '/merchants/M1/crms/ontraport/credentials', m1.admin, { appId: 'app-1', apiKey: key });
      expect(res.status).toBe(200);
      expect(res.body.credentials).toMatchObject({ status: 'working', fields: { appId: 'app-1', apiKey: '…7f3a' } });
      expect(res.text).not.toContain(key);
      const all = await h.http('GET', '/merchants/M1/config', m1.support);
      expect(all.text).not.toContain(key);
      const rows = await h.schema.query<{ row: string }>(`SELECT row_to_json(c)::text AS row FROM crm_settings c`);
      expect(rows.map((r) => r.row).join()).not.toContain(key);
      await expect(h.publisher.request<OntraportCredentialsReply>(RpcPatterns.mapping.ontraportCredentials, { merchantId: 'M1' })).resolves.toEqual({ appId: 'app-1', apiKey: key });
      const asked = fakes.asked.requests.filter((r) => r.pattern === RpcPatterns.ontraport.testCredentials).pop();
      expect(asked?.body).toMatchObject({ merchantId: 'M1', appId: 'app-1', apiKey: key });
    });

    it('tries an ONTRAPORT key on the API the merchant chose (legacy XML here)', async () => {
      await h.http('PUT', '/merchants/M2/crms/ontraport/settings', m2.admin, { apiMethod: 'legacy-xml' });
      expect((await h.http('PUT', '/merchants/M2/crms/ontraport/credentials', m2.admin, { appId: 'app-2', apiKey: 'good-legacy-key' })).status).toBe(200);
      expect(fakes.asked.requests.filter((r) => r.pattern === RpcPatterns.ontraport.testCredentials).pop()?.body).toMatchObject({ api: 'legacy', apiKey: 'good-legacy-key' });
    });

    it('stores credentials it could not check as unverified, never as working', async () => {
      const res = await h.http<View>('PUT', '/merchants/M2/crms/ontraport/credentials', m2.admin, { appId: 'app-2', apiKey: 'down-key-0000' });
      expect(res.status).toBe(200);
      expect(res.body.credentials.status).toBe('unverified');
      expect(res.body.credentials.message).toContain('not known to work');
    });

    it('tests Infusionsoft credentials too: an unknown app is refused, a good key stored with the mail recipients', async () => {
      const unknown = await h.http<{ code: string }>('PUT', '/merchants/M1/crms/infusionsoft/credentials', m1.admin, { auth: 'api-key', appName: 'nosuchapp', apiKey: 'good-isk' });
      expect(unknown.status).toBe(422);
      const bad = await h.http<{ fields: { field: string }[] }>('PUT', '/merchants/M1/crms/infusionsoft/credentials', m1.admin, { auth: 'api-key', appName: 'ab123' });
      expect(bad.status).toBe(400);
      expect(bad.body.fields.map((f) => f.field)).toEqual(['apiKey']);
      const ok = await h.http<View>('PUT', '/merchants/M1/crms/infusionsoft/credentials', m1.admin, {
        auth: 'api-key',
        appName: 'ab123',
        apiKey: 'good-infusionsoft-key-99zz',
        notifyEmails: ['ops@example.com'],
      });
      expect(ok.status).toBe(200);
      expect(ok.body.credentials.fields).toEqual({ auth: 'api-key', appName: 'ab123', apiKey: '…99zz', notifyEmails: ['ops@example.com'] });
      const reply = await h.publisher.request<InfusionsoftCredentialsReply>(RpcPatterns.mapping.infusionsoftCredentials, { merchantId: 'M1' });
      expect(reply).toEqual({ credentials: { auth: 'api-key', appName: 'ab123', apiKey: 'good-infusionsoft-key-99zz' }, notifyEmails: ['ops@example.com'] });
    });
  });

  describe('tenant isolation', () => {
    it('never lets one merchant’s tokens read or change another’s configuration', async () => {
      const before = await h.http('GET', '/merchants/M1/config', m1.admin);
      const attempts: Array<[string, string, unknown?]> = [
        ['GET', '/merchants/M1/config'],
        ['GET', '/merchants/M1/crms/ontraport'],
        ['PUT', '/merchants/M1/crms/ontraport/settings', { apiMethod: 'rest-v1' }],
        ['PUT', '/merchants/M1/crms/ontraport/credentials', { appId: 'x', apiKey: 'good-stolen' }],
        ['PUT', '/merchants/M1/crms/infusionsoft/settings', {}],
        ['GET', '/merchants/M1/crms/ontraport/mappings'],
        ['PUT', '/merchants/M1/crms/ontraport/mappings/BOOK', { productName: 'Hijacked' }],
        ['GET', '/merchants/M1/crms/ontraport/mappings/export.csv'],
        ['POST', '/merchants/M1/preview', { ultracartOrder: {} }],
        ['PUT', '/merchants/M1/webhook-credentials', { username: 'x', password: 'long-enough-password' }],
        ['PUT', '/merchants/M1/channel-partners/AMZ', { password: 'long-enough' }],
      ];
      for (const token of [m2.admin, m2.support]) {
        for (const [method, path, body] of attempts) {
          const res = await h.http(method, path, token, body);
          expect({ method, path, status: res.status }).toEqual({ method, path, status: 403 });
        }
      }
      for (const [method, path, body] of attempts) expect((await h.http(method, path, undefined, body)).status).toBe(401);
      expect((await h.http('GET', '/merchants/M1/config', m1.admin)).text).toBe(before.text);
    });
  });

  describe('the ways in', () => {
    it('sets webhook credentials and channel partners through their owners, without keeping the passwords', async () => {
      const wh = await h.http('PUT', '/merchants/M1/webhook-credentials', m1.admin, { username: 'ultracart', password: 'webhook-pass-123456', signingSecret: 'sign-me-please-0123' });
      expect(wh.status).toBe(200);
      expect(wh.body).toEqual({ merchantId: 'M1', username: 'ultracart', signed: true });
      const cp = await h.http('PUT', '/merchants/M1/channel-partners/AMZ', m1.admin, { password: 'partner-pass' });
      expect(cp.status).toBe(200);
      expect(cp.body).toEqual({ merchantId: 'M1', channelPartnerCode: 'AMZ', outcome: 'created' });
      expect(fakes.asked.requests.map((r) => r.pattern)).toEqual(expect.arrayContaining([RpcPatterns.ingest.setWebhookCredentials, RpcPatterns.orderImport.upsertChannelPartner]));
      const dump = await h.schema.query<{ t: string }>(
        `SELECT string_agg(row_to_json(x)::text, ',') AS t FROM (SELECT * FROM crm_settings) x`,
      );
      expect(dump[0].t ?? '').not.toContain('webhook-pass-123456');
      const short = await h.http<{ fields: { field: string }[] }>('PUT', '/merchants/M1/webhook-credentials', m1.admin, { username: 'a b', password: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.fields.map((f) => f.field).sort()).toEqual(['password', 'username']);
    });
  });
  describe('OpenAPI', () => {
    it('documents every configuration call with its bearer-token security', async () => {
      const doc = await h.http<{ paths: Record<string, Record<string, { security?: unknown[] }>>; components: { securitySchemes?: Record<string, unknown> } }>('GET', '/docs/openapi.json');
      expect(doc.status).toBe(200);
      expect(doc.body.components.securitySchemes).toHaveProperty('bearer');
      for (const path of [
        '/merchants',
        '/merchants/{merchantId}/tokens',
        '/merchants/{merchantId}/config',
        '/merchants/{merchantId}/crms/{crm}/settings',
        '/merchants/{merchantId}/crms/ontraport/credentials',
        '/merchants/{merchantId}/crms/infusionsoft/credentials',
        '/merchants/{merchantId}/crms/{crm}/mappings/import.csv',
        '/merchants/{merchantId}/crms/{crm}/mappings/export.csv',
        '/merchants/{merchantId}/preview',
        '/merchants/{merchantId}/webhook-credentials',
        '/merchants/{merchantId}/channel-partners/{code}',
      ]) {
        expect(doc.body.paths).toHaveProperty([path]);
        for (const op of Object.values(doc.body.paths[path])) expect(op.security).toEqual([{ bearer: [] }]);
      }
    });
  });

  it('removes a channel partner through order-import', async () => {
    const res = await h.http('DELETE', '/merchants/M1/channel-partners/AMZ', m1.admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ merchantId: 'M1', channelPartnerCode: 'AMZ', outcome: 'deleted' });
    expect((await h.http('DELETE', '/merchants/M1/channel-partners/AMZ', m1.support)).status).toBe(403);
  });
});
