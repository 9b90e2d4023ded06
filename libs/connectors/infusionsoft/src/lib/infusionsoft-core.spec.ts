import { encodeFault, encodeMethodResponse, type XmlRpcInput } from '@hub/codecs-xml-rpc';
import { outcomeOf } from './call-outcome';
import type { CascadePort, CascadeProgress } from './cascade-port';
import { runOrderCascade } from './cascades';
import { resolveEndpoint, withoutSecrets } from './infusionsoft-endpoint';
import { orderCommandFixture } from './order-command.fixture';

const defaults = { legacyUrlTemplate: 'https://{app}.infusionsoft.com/api/xmlrpc', oauthUrl: 'https://api.infusionsoft.com/crm/xmlrpc/v1' };

describe('resolveEndpoint', () => {
  it('puts the API key first on the per-app endpoint, the token in a bearer header, the service key in X-Keap-API-Key', () => {
    expect(resolveEndpoint({ auth: 'api-key', appName: 'Ab123', apiKey: 'k-1' }, defaults)).toMatchObject({ url: 'https://ab123.infusionsoft.com/api/xmlrpc', keyParam: 'k-1', rateKey: 'app:ab123' });
    const oauth = resolveEndpoint({ auth: 'oauth', accessToken: 'tok-1' }, defaults);
    expect(oauth).toMatchObject({ url: defaults.oauthUrl, keyParam: 'tok-1', headers: expect.objectContaining({ Authorization: 'Bearer tok-1' }) });
    expect(oauth.rateKey).not.toContain('tok-1');
    const sa = resolveEndpoint({ auth: 'service-account', serviceAccountKey: 'KeapAK-1', appName: 'ab123', baseUrl: 'http://127.0.0.1:4002/crm/xmlrpc/v1' }, defaults);
    expect(sa).toMatchObject({ url: 'http://127.0.0.1:4002/crm/xmlrpc/v1', headers: expect.objectContaining({ 'X-Keap-API-Key': 'KeapAK-1' }), rateKey: 'app:ab123' });
  });

  it('strips secrets, raw and XML-escaped, from what is recorded', () => {
    expect(withoutSecrets('<string>a&amp;b-key</string> a&b-key', ['a&b-key'])).toBe('<string>***</string> ***');
  });
});

describe('outcomeOf', () => {
  it('retries blank and unreadable answers, 5xx, throttling and the transient IllegalStateException', () => {
    expect(outcomeOf(200, '')).toMatchObject({ ok: false, retryable: true, code: 'INFUSIONSOFT_BLANK_RESPONSE' });
    expect(outcomeOf(200, '<html>')).toMatchObject({ ok: false, retryable: true, code: 'INFUSIONSOFT_INVALID_RESPONSE' });
    expect(outcomeOf(502, 'Bad Gateway')).toMatchObject({ ok: false, retryable: true });
    expect(outcomeOf(200, encodeFault(500, 'Server encountered exception: java.lang.IllegalStateException: Cannot create a session'))).toMatchObject({ retryable: true });
    expect(outcomeOf(200, encodeFault(500, 'com.infusionsoft.throttle.ThrottlingException: Maximum number of threads throttled'))).toMatchObject({ retryable: true, code: 'INFUSIONSOFT_FAULT_THROTTLED' });
  });

  it('parks a bad key, an unknown app and an invalid parameter, with the fault text', () => {
    expect(outcomeOf(200, encodeFault(2, '[InvalidKey]Invalid Key'))).toMatchObject({ retryable: false, message: 'Infusionsoft fault 2: [InvalidKey]Invalid Key' });
    expect(outcomeOf(404, 'Not Found')).toMatchObject({ retryable: false, code: 'INFUSIONSOFT_UNKNOWN_APP' });
    expect(outcomeOf(200, encodeFault(12, '[InvalidParameter]Product 9 does not exist'))).toMatchObject({ retryable: false });
    expect(outcomeOf(200, encodeMethodResponse(42))).toEqual({ ok: true, value: 42 });
  });
});

/** A fake Infusionsoft that remembers calls; ids count up. */
function fakePort(progress: CascadeProgress = {}, mayRepeat = false, answers: Record<string, (params: XmlRpcInput[]) => unknown> = {}) {
  const calls: Array<[string, XmlRpcInput[]]> = [];
  let id = 100;
  const port: CascadePort = {
    progress,
    mayRepeat,
    call: async <T>(method: string, params: XmlRpcInput[]) => {
      calls.push([method, params]);
      const answer = answers[method];
      if (answer) return answer(params) as T;
      if (method === 'DataService.findByField' || method === 'DataService.query') return [] as T;
      if (method === 'DataService.load') return { JobId: 7 } as T;
      if (method === 'DataService.count') return 0 as T;
      return id++ as T;
    },
    saveProgress: async () => undefined,
    rememberedId: async () => undefined,
    rememberId: async () => undefined,
    forgetId: async () => undefined,
    exclusive: (_key, work) => work(),
    warn: () => undefined,
  };
  return { port, calls, methods: () => calls.map((c) => c[0]) };
}

const cmd = orderCommandFixture;

describe('runOrderCascade', () => {
  it('runs each step once, in order', async () => {
    const { port, methods } = fakePort();
    await runOrderCascade(port, cmd);
    expect(methods()).toEqual([
      'ContactService.addWithDupCheck',
      'ContactService.runActionSequence',
      'InvoiceService.createBlankOrder',
      'DataService.load',
      'InvoiceService.addOrderItem',
      'InvoiceService.addOrderItem',
      'InvoiceService.addManualPayment',
    ]);
    expect(port.progress).toMatchObject({ contactId: 100, actionSetsRun: [5], invoiceId: 102, jobId: 7, linesAdded: 2, paymentAdded: true });
  });

  it('after a lost answer, finds the earlier invoice, lines and payment instead of creating them again', async () => {
    const { port, methods } = fakePort({ contactId: 100, actionSetsRun: [5] }, true, {
      'DataService.query': (params) => (params[0] === 'Invoice' ? [{ Id: 102, JobId: 7 }] : [{ Id: 300 }]),
      'DataService.count': () => 2,
    });
    await runOrderCascade(port, cmd);
    expect(methods()).toEqual(['DataService.query', 'DataService.count', 'DataService.query']);
    expect(port.progress).toMatchObject({ invoiceId: 102, jobId: 7, paymentAdded: true });
  });
});
