import type { XmlRpcInput } from '@hub/codecs-xml-rpc';
import type { InfusionsoftOrderV1 } from '@hub/messaging-contracts';
import type { CascadePort, CascadeProgress } from './cascade-port';
import { runOrderCascade } from './cascades';
import { orderCommandFixture } from './order-command.fixture';

type Row = Record<string, unknown> & { Id: number };

/**
 * Just enough of an Infusionsoft app, with state: what the cascades create and the queries they
 * make to find it again.
 */
class FakeApp {
  private nextId = 1000;
  readonly tables: Record<string, Row[]> = { Contact: [], Invoice: [], OrderItem: [], Payment: [], Job: [] };
  readonly actionSetRuns: number[] = [];
  readonly goals: string[] = [];

  call(method: string, p: XmlRpcInput[]): unknown {
    const add = (table: string, row: Record<string, unknown>) => {
      const r = { Id: this.nextId++, ...row };
      this.tables[table].push(r);
      return r;
    };
    const job = (contactId: unknown) => add('Job', { ContactId: contactId }).Id;
    switch (method) {
      case 'ContactService.addWithDupCheck': {
        const email = (p[0] as { Email: string }).Email;
        return (this.tables['Contact'].find((c) => c['Email'] === email) ?? add('Contact', { Email: email })).Id;
      }
      case 'ContactService.runActionSequence':
        this.actionSetRuns.push(p[1] as number);
        return 1;
      case 'FunnelService.achieveGoal':
        this.goals.push(`${p[0]}/${p[1]}`);
        return [{ success: true }];
      case 'InvoiceService.createBlankOrder':
        return add('Invoice', { ContactId: p[0], Description: p[1], JobId: job(p[0]) }).Id;
      case 'OrderService.placeOrder': {
        const jobId = job(p[0]);
        const invoice = add('Invoice', { ContactId: p[0], Description: '', JobId: jobId });
        for (const productId of p[3] as number[]) add('OrderItem', { OrderId: jobId, ProductId: productId });
        return { Successful: true, OrderId: jobId, InvoiceId: invoice.Id };
      }
      case 'InvoiceService.addOrderItem':
        return !!add('OrderItem', { OrderId: this.tables['Invoice'].find((i) => i.Id === p[0])?.['JobId'], ProductId: p[1] });
      case 'InvoiceService.addManualPayment':
        return !!add('Payment', { InvoiceId: p[0] });
      case 'DataService.load':
        return this.tables[p[0] as string].find((r) => r.Id === p[1]);
      case 'DataService.update':
        return p[1];
      case 'DataService.count':
        return this.matching(p[0] as string, p[1] as Record<string, unknown>).length;
      case 'DataService.query':
        // [table, limit, page, query, fields, orderBy, ascending]: the cascades ask for the newest by Id.
        return this.matching(p[0] as string, p[3] as Record<string, unknown>)
          .sort((a, b) => b.Id - a.Id)
          .slice(0, p[1] as number);
      default:
        throw new Error(`the fake has no ${method}`);
    }
  }

  private matching(table: string, query: Record<string, unknown>): Row[] {
    return this.tables[table].filter((r) => Object.entries(query).every(([k, v]) => (v === '%' ? r[k] !== undefined && r[k] !== '' : r[k] === v)));
  }
}

class Crash extends Error {}

/**
 * One attempt as the connector makes it: progress starts from what was saved, and only
 * `saveProgress` (or the end of the attempt) keeps it. The process dies after `crash.after` calls
 * took effect in Infusionsoft: with its answer read and handled (`answered`: it dies on its way
 * to the next call), or before its answer arrived (`lost`).
 */
async function attempt(
  app: FakeApp,
  cmd: InfusionsoftOrderV1,
  saved: { progress: CascadeProgress },
  mayRepeat: boolean,
  crash?: { after: number; when: 'answered' | 'lost' },
): Promise<void> {
  const progress: CascadeProgress = structuredClone(saved.progress);
  let made = 0;
  const port: CascadePort = {
    progress,
    mayRepeat,
    call: async <T>(method: string, params: XmlRpcInput[]) => {
      if (crash?.when === 'answered' && made === crash.after) throw new Crash(`died after call ${made}, before ${method}`);
      const answer = app.call(method, params) as T;
      if (crash?.when === 'lost' && ++made === crash.after) throw new Crash(`died during call ${made} (${method})`);
      if (crash?.when !== 'lost') made++;
      return answer;
    },
    saveProgress: async () => {
      saved.progress = structuredClone(progress);
    },
    rememberedId: async () => undefined,
    rememberId: async () => undefined,
    forgetId: async () => undefined,
    exclusive: (_key, work) => work(),
    warn: () => undefined,
  };
  await runOrderCascade(port, cmd);
  // Died after the last answer, before the command was marked delivered.
  if (crash?.when === 'answered' && made === crash.after) throw new Crash(`died after call ${made}, before the end`);
  saved.progress = structuredClone(progress);
}

const fixture = orderCommandFixture;
/** The fixture with two action sets, three lines, a custom field and two goals: every kind of step. */
const base: InfusionsoftOrderV1 = {
  ...fixture,
  steps: { ...fixture.steps, actionSetIds: [5, 6] },
  order: {
    ...fixture.order!,
    lines: [...fixture.order!.lines.slice(0, 1), { kind: 'product', itemId: 'PEN', product: { productId: 32 }, title: 'Pen', quantity: 2, unitPrice: { minor: 200, currency: 'USD' } }, ...fixture.order!.lines.slice(1)],
    payment: { amount: { minor: 1900, currency: 'USD' }, paymentType: 'Credit Card', description: 'paid' },
    customFields: { _Channel: 'web' },
  },
  goals: [
    { integration: 'ultracart', callName: 'purchase' },
    { integration: 'ultracart', callName: 'books' },
  ],
};
const placed: InfusionsoftOrderV1 = { ...base, order: { ...base.order!, method: 'placeOrder', payment: undefined } };

/**
 * The calls of each order, in order. Action sets and goals cannot be looked for afterwards: their
 * progress is saved as soon as they are answered, so only a process that dies while one is in
 * flight (its answer lost) can run one twice. Every other call is found again or safe to repeat.
 */
const BLANK_CALLS = ['addWithDupCheck', 'runActionSequence', 'runActionSequence', 'createBlankOrder', 'load', 'addOrderItem', 'addOrderItem', 'addOrderItem', 'addManualPayment', 'update', 'achieveGoal', 'achieveGoal'];
const PLACED_CALLS = ['addWithDupCheck', 'runActionSequence', 'runActionSequence', 'query', 'placeOrder', 'update', 'achieveGoal', 'achieveGoal'];
const UNTRACEABLE = new Set(['runActionSequence', 'achieveGoal']);
const crashPoints = (calls: string[]) =>
  calls.flatMap((method, i) => [
    { after: i + 1, method, when: 'answered' as const },
    ...(UNTRACEABLE.has(method) ? [] : [{ after: i + 1, method, when: 'lost' as const }]),
  ]);

describe.each([
  ['a blank order with lines and a payment', base, BLANK_CALLS, 3, 1],
  ['a placed order', placed, PLACED_CALLS, 2, 0],
])('a process that dies during %s', (_name, cmd, calls, lines, payments) => {
  it('makes these calls when nothing dies', async () => {
    const app = new FakeApp();
    const made: string[] = [];
    const call = app.call.bind(app);
    app.call = (method, params) => (made.push(method.split('.')[1]), call(method, params));
    await attempt(app, cmd, { progress: {} }, false);
    expect(made).toEqual(calls);
  });

  it.each(crashPoints(calls))('after call $after ($method, answer $when): the retry changes nothing in Infusionsoft a second time', async (crash) => {
    const app = new FakeApp();
    const saved = { progress: {} as CascadeProgress };
    await expect(attempt(app, cmd, saved, false, crash)).rejects.toBeInstanceOf(Crash);
    await attempt(app, cmd, saved, true);
    expect(app.tables['Contact']).toHaveLength(1);
    expect(app.actionSetRuns).toEqual([5, 6]);
    expect(app.tables['Invoice']).toHaveLength(1);
    expect(app.tables['Job']).toHaveLength(1);
    expect(app.tables['OrderItem']).toHaveLength(lines);
    expect(app.tables['Payment']).toHaveLength(payments);
    expect(app.goals).toEqual(['ultracart/purchase', 'ultracart/books']);
    expect(saved.progress).toMatchObject({ invoiceId: app.tables['Invoice'][0].Id, jobId: app.tables['Job'][0].Id, goalsAchieved: ['ultracart/purchase', 'ultracart/books'] });
  });
});
