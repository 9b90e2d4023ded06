import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeMethodResponse, encodeMethodCall, xmlRpc, type XmlRpcInput } from '@hub/codecs-xml-rpc';
import { createTransport } from 'nodemailer';
import { startInfusionsoftSimulator, type InfusionsoftSimulator } from './infusionsoft-simulator.server';
import { startSmtpSink } from './smtp-sink';

const run = promisify(execFile);

describe('Infusionsoft simulator', () => {
  let sim: InfusionsoftSimulator;
  const legacy = () => sim.legacyUrlTemplate.replace('{app}', 'demo');

  beforeAll(async () => {
    sim = await startInfusionsoftSimulator({ seed: 7 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    sim.configure({ failPercent: 0, blankPercent: 0, throttlePerSecond: 0 });
  });

  async function call(url: string, method: string, params: XmlRpcInput[], headers: Record<string, string> = {}) {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/xml', ...headers }, body: encodeMethodCall(method, params) });
    const text = await res.text();
    return { status: res.status, text, response: res.status === 200 && text ? decodeMethodResponse(text) : undefined };
  }

  it('answers Python 3 xmlrpc.client: contacts, tags, a blank order with items and a payment, and faults', async () => {
    const script = `
import sys, xmlrpc.client, datetime, json
s = xmlrpc.client.ServerProxy(sys.argv[1])
k = 'demo-api-key'
cid = s.ContactService.addWithDupCheck(k, {'Email': 'ada@example.com', 'FirstName': 'Ada'}, 'Email')
again = s.ContactService.addWithDupCheck(k, {'Email': 'ADA@example.com', 'LastName': 'Lovelace'}, 'Email')
gid = s.DataService.add(k, 'ContactGroup', {'GroupName': 'Customer'})
s.ContactService.addToGroup(k, cid, gid)
pid = s.DataService.add(k, 'Product', {'ProductName': 'BOOK', 'ProductPrice': 9.5})
inv = s.InvoiceService.createBlankOrder(k, cid, 'UltraCart order 1', datetime.datetime(2026, 11, 21, 10, 0, 0), 0, 0)
s.InvoiceService.addOrderItem(k, inv, pid, 4, 9.5, 2, 'Book', '')
s.InvoiceService.addOrderItem(k, inv, 0, 1, 5.0, 1, 'Shipping', '')
s.InvoiceService.addManualPayment(k, inv, 24.0, datetime.datetime(2026, 11, 21), 'Credit Card', 'paid', False)
owed = s.InvoiceService.calculateAmountOwed(k, inv)
found = s.DataService.query(k, 'Contact', 10, 0, {'Email': '%@example.com'}, ['Id', 'FirstName', 'LastName', 'Groups'])
faults = []
for call in (lambda: s.ContactService.add('wrong-key', {}), lambda: s.InvoiceService.addBlankOrder(k, cid, 'x', datetime.datetime.now(), 0, 0), lambda: s.DataService.load(k, 'Contact', 999, ['Id'])):
    try:
        call()
    except xmlrpc.client.Fault as f:
        faults.append([f.faultCode, f.faultString])
print(json.dumps({'same': cid == again, 'owed': owed, 'found': found, 'faults': faults}))
`;
    const { stdout } = await run('python3', ['-c', script, legacy()]);
    const out = JSON.parse(stdout);
    expect(out.same).toBe(true);
    expect(out.owed).toBe(0);
    expect(out.found).toEqual([{ Id: 1, FirstName: 'Ada', LastName: 'Lovelace', Groups: '2' }]);
    expect(out.faults).toEqual([
      [2, '[InvalidKey]Invalid Key'],
      [0, 'No such handler: InvoiceService.addBlankOrder'],
      [5, '[RecordNotFound]Record was not found'],
    ]);
    const rows = sim.app('demo').tables.dump();
    expect(rows['Invoice'][0]).toMatchObject({ InvoiceTotal: 24, TotalPaid: 24, TotalDue: 0, PayStatus: 1 });
    expect(rows['OrderItem'].map((i) => i['ItemType'])).toEqual([4, 1]);
  });

  it('takes OAuth bearer tokens and service-account keys on /crm/xmlrpc/v1, and refuses others', async () => {
    const bearer = await call(sim.oauthUrl, 'ContactService.add', ['backwards-compatability', { Email: 'a@example.com' }], { Authorization: 'Bearer demo-access-token' });
    expect(bearer.response).toEqual({ kind: 'value', value: 1, typedValue: expect.anything() });
    const sa = await call(sim.oauthUrl, 'ContactService.add', ['', { Email: 'b@example.com' }], { 'X-Keap-API-Key': 'KeapAK-demo' });
    expect(sa.response?.kind).toBe('value');
    expect((await call(sim.oauthUrl, 'ContactService.add', ['', {}], { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await call(sim.legacyUrlTemplate.replace('{app}', 'nosuchapp'), 'ContactService.add', ['k', {}])).status).toBe(404);
  });

  it('answers a blank body with the parse fault, and unknown fields with NoFieldFound', async () => {
    const blank = await fetch(legacy(), { method: 'POST', body: '' });
    expect(decodeMethodResponse(await blank.text())).toMatchObject({ kind: 'fault', faultString: 'Failed to parse XML-RPC request: Premature end of file.' });
    const r = await call(legacy(), 'DataService.add', ['demo-api-key', 'Contact', { Nope: 1 }]);
    expect(r.response).toMatchObject({ kind: 'fault', faultCode: 10, faultString: '[NoFieldFound]No field found: Contact.Nope' });
  });

  it('injects transient faults, resets and lost responses in turn, and throttles per app', async () => {
    sim.configure({ failPercent: 100 });
    const add = () => call(legacy(), 'ContactService.add', ['demo-api-key', { Email: 'x@example.com' }]).catch((e: Error) => ({ status: -1, text: e.message, response: undefined }));
    const fault = await add();
    expect(fault.response).toMatchObject({ kind: 'fault', faultCode: 500 });
    expect((await add()).status).toBe(-1);
    const lost = await add();
    expect(lost).toMatchObject({ status: 200, text: '' });
    // Only the lost response took effect.
    expect(sim.app('demo').tables.all('Contact')).toHaveLength(1);
    expect(sim.stats().injected).toMatchObject({ fault: 1, reset: 1, lostResponse: 1 });

    sim.configure({ failPercent: 0, throttlePerSecond: 2 });
    const answers = await Promise.all([1, 2, 3, 4].map(() => call(legacy(), 'DataService.count', ['demo-api-key', 'Contact', { Id: '%' }])));
    const throttled = answers.filter((a) => a.response?.kind === 'fault' && /ThrottlingException/.test(a.response.faultString));
    expect(throttled.length).toBeGreaterThanOrEqual(1);
  });

  it('shows its state without secrets', async () => {
    await call(legacy(), 'ContactService.add', ['demo-api-key', { Email: 'x@example.com', _Custom: xmlRpc.string('1') }]);
    const state = await (await fetch(`${sim.url}/__sim/state`)).text();
    expect(JSON.parse(state).apps.demo.rows.Contact).toBe(1);
    expect(state).not.toContain('demo-api-key');
    const config = await fetch(`${sim.url}/__sim/config`, { method: 'POST', body: JSON.stringify({ failPercent: 500 }) });
    expect(config.status).toBe(400);
  });
});

describe('SMTP sink', () => {
  it('keeps what nodemailer sends over SMTP', async () => {
    const sink = await startSmtpSink();
    try {
      const transport = createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true });
      await transport.sendMail({ from: 'hub@example.com', to: ['a@example.com', 'b@example.com'], subject: 'Replication failed', text: 'order DEMO-1' });
      expect(sink.messages()).toEqual([
        expect.objectContaining({ from: 'hub@example.com', to: ['a@example.com', 'b@example.com'], subject: 'Replication failed', raw: expect.stringContaining('order DEMO-1') }),
      ]);
    } finally {
      await sink.close();
    }
  });
});
