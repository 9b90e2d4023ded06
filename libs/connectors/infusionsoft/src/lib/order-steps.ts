import { xmlRpc, type XmlRpcInput } from '@hub/codecs-xml-rpc';
import {
  INFUSIONSOFT_ITEM_TYPES,
  type InfusionsoftOrderLineDto,
  type InfusionsoftOrderSpecDto,
  type InfusionsoftProductGoalDto,
} from '@hub/messaging-contracts';
import { CascadeRefused, type CascadePort } from './cascade-port';
import { idByName } from './contact-steps';

type Rows = Array<Record<string, unknown> & { Id: number }>;
const money = (minor: number) => xmlRpc.double(minor / 100);

/**
 * Mapped product id, else the guide's fallback: the product whose `ProductName` is exactly the
 * given name (case-sensitive). No match → the line is left out and the log says so.
 */
async function resolveProducts(port: CascadePort, lines: readonly InfusionsoftOrderLineDto[]): Promise<Map<InfusionsoftOrderLineDto, number>> {
  const p = port.progress;
  p.productIds ??= {};
  p.unmatchedItems ??= [];
  const ids = new Map<InfusionsoftOrderLineDto, number>();
  for (const line of lines) {
    if (line.kind !== 'product') continue;
    const itemId = line.itemId ?? line.title;
    const name = line.product?.productName ?? itemId;
    const id =
      line.product?.productId ??
      p.productIds[itemId] ??
      (await idByName(port, 'product', { table: 'Product', field: 'ProductName', name, caseSensitive: true }));
    if (id === undefined) {
      if (!p.unmatchedItems.includes(itemId)) p.unmatchedItems.push(itemId);
      port.warn(`item ${itemId} was not sent to Infusionsoft: no product mapping and no product named "${name}" (case-sensitive)`, { itemId });
      continue;
    }
    p.productIds[itemId] = id;
    ids.set(line, id);
  }
  return ids;
}

/**
 * A product found by name earlier may have been deleted in Infusionsoft since: when Infusionsoft
 * refuses a line whose product came from that memory, the memory is dropped and the attempt fails
 * as retryable, so the next attempt looks the name up again (once per item; the lines already
 * added stay, and a product no longer found leaves its line out). Mapped product ids are the
 * merchant's word and are never second-guessed.
 */
async function lookUpAgainIfRemembered(port: CascadePort, line: InfusionsoftOrderLineDto, err: unknown): Promise<void> {
  const retryable = (err as { retryable?: unknown })?.retryable === true;
  const itemId = line.itemId ?? line.title;
  const p = port.progress;
  if (retryable || line.kind !== 'product' || line.product?.productId !== undefined || p.productsLookedUpAgain?.includes(itemId)) return;
  (p.productsLookedUpAgain ??= []).push(itemId);
  delete p.productIds?.[itemId];
  await port.forgetId('product', line.product?.productName ?? itemId);
  await port.saveProgress();
  port.warn(`Infusionsoft refused the product remembered for item ${itemId}; it will be looked up again`, { itemId });
  throw new Error(`the product remembered for item ${itemId} was refused by Infusionsoft (${(err as Error).message}); looking it up again`);
}

/** The newest row matching `query`, if any (to find what an earlier attempt created). */
async function newest(port: CascadePort, table: string, query: { [field: string]: XmlRpcInput }, fields: string[], what: string): Promise<Rows[number] | undefined> {
  const rows = await port.call<Rows>('DataService.query', [table, 1, 0, query, fields, 'Id', false], what);
  return rows[0];
}

async function placeOrder(port: CascadePort, spec: InfusionsoftOrderSpecDto, contactId: number, productIds: number[]): Promise<void> {
  const p = port.progress;
  if (!productIds.length) throw new CascadeRefused('INFUSIONSOFT_NO_PRODUCTS', 'OrderService.placeOrder needs at least one Infusionsoft product, and no item of this order matched one');
  const r = await port.call<{ Successful?: unknown; Message?: string; OrderId?: number; InvoiceId?: number }>(
    'OrderService.placeOrder',
    [contactId, 0, 0, productIds, [], false, spec.promoCodes, 0, 0],
    `Place order for contact ${contactId} (${productIds.length} product(s), promo codes: ${spec.promoCodes.join(', ') || 'none'})`,
  );
  if (r.Successful === false || r.Successful === 'false' || r.InvoiceId === undefined) {
    // Outside test-merchant mode Infusionsoft refuses to place an order with no card: the guide says so.
    throw new CascadeRefused('INFUSIONSOFT_PLACE_ORDER_FAILED', `OrderService.placeOrder did not succeed: ${r.Message ?? 'no message'} (is the Infusionsoft account in test merchant mode?)`);
  }
  p.invoiceId = r.InvoiceId;
  p.jobId = r.OrderId;
  await port.saveProgress();
}

async function blankOrder(port: CascadePort, spec: InfusionsoftOrderSpecDto, contactId: number, productIds: Map<InfusionsoftOrderLineDto, number>): Promise<void> {
  const p = port.progress;
  if (p.invoiceId === undefined && port.mayRepeat) {
    const earlier = await newest(port, 'Invoice', { ContactId: contactId, Description: spec.description }, ['Id', 'JobId'], `Look for an earlier attempt's invoice "${spec.description}"`);
    if (earlier) Object.assign(p, { invoiceId: earlier.Id, jobId: Number(earlier['JobId']) });
  }
  if (p.invoiceId === undefined) {
    p.invoiceId = await port.call<number>(
      'InvoiceService.createBlankOrder',
      [contactId, spec.description, xmlRpc.dateTime(new Date(spec.orderDate)), 0, 0],
      `Create blank order "${spec.description}" for contact ${contactId}`,
    );
    // Not saved yet: a retry after a crash finds it by its description (above).
  }
  const invoiceId = p.invoiceId;
  if (p.jobId === undefined) {
    const invoice = await port.call<{ JobId?: number }>('DataService.load', ['Invoice', invoiceId, ['JobId']], `Load invoice ${invoiceId}`);
    p.jobId = invoice.JobId;
    // Saved now: a shipment for this order reads its Job id while the lines are still being added.
    await port.saveProgress();
  }

  const sendable = spec.lines.filter((l) => l.kind !== 'product' || productIds.has(l));
  let start = p.linesAdded ?? 0;
  if (port.mayRepeat && start < sendable.length && p.jobId !== undefined) {
    const existing = await port.call<number>('DataService.count', ['OrderItem', { OrderId: p.jobId }], `Count the lines already on order ${p.jobId}`);
    start = Math.max(start, existing);
  }
  for (let i = start; i < sendable.length; i++) {
    const l = sendable[i];
    try {
      await port.call(
        'InvoiceService.addOrderItem',
        [invoiceId, productIds.get(l) ?? 0, INFUSIONSOFT_ITEM_TYPES[l.kind], money(l.unitPrice.minor), l.quantity, l.title, l.notes ?? ''],
        `Add ${l.kind} line "${l.title}" to invoice ${invoiceId}`,
      );
    } catch (err) {
      await lookUpAgainIfRemembered(port, l, err);
      throw err;
    }
    // Not saved per line: a retry after a crash counts the lines on the order (above).
    p.linesAdded = i + 1;
  }

  if (spec.payment && !p.paymentAdded) {
    const earlier = port.mayRepeat ? await newest(port, 'Payment', { InvoiceId: invoiceId }, ['Id'], `Look for an earlier attempt's payment on invoice ${invoiceId}`) : undefined;
    if (!earlier) {
      await port.call(
        'InvoiceService.addManualPayment',
        [invoiceId, money(spec.payment.amount.minor), xmlRpc.dateTime(new Date(spec.orderDate)), spec.payment.paymentType, spec.payment.description, false],
        `Record payment of ${(spec.payment.amount.minor / 100).toFixed(2)} on invoice ${invoiceId}`,
      );
    }
    // Not saved: a retry after a crash looks for the payment (above).
    p.paymentAdded = true;
  }
}

/** The product goals whose product (by id or name) or category one of the order's products matches. */
async function matchedProductGoals(port: CascadePort, goals: readonly InfusionsoftProductGoalDto[], productIds: Map<InfusionsoftOrderLineDto, number>): Promise<InfusionsoftProductGoalDto[]> {
  const ids = new Set(productIds.values());
  const names = new Set([...productIds.keys()].map((l) => l.product?.productName).filter((n): n is string => !!n));
  const matched: InfusionsoftProductGoalDto[] = [];
  for (const g of goals) {
    if (g.trigger === 'product' && ((g.id !== undefined && ids.has(g.id)) || (g.name !== undefined && names.has(g.name)))) matched.push(g);
    if (g.trigger !== 'category') continue;
    const categoryId = g.id ?? (await idByName(port, 'category', { table: 'ProductCategory', field: 'CategoryDisplayName', name: g.name ?? '' }));
    if (categoryId === undefined) continue;
    const assigned = await port.call<Rows>('DataService.query', ['ProductCategoryAssign', 1000, 0, { ProductCategoryId: categoryId }, ['ProductId']], `Products of category ${categoryId}`);
    if (assigned.some((a) => ids.has(Number(a['ProductId'])))) matched.push(g);
  }
  return matched;
}

/**
 * The order part of `crm.infusionsoft.order.v1`: products resolved, the order created by the
 * chosen method (each step once, even across retries and lost answers), custom order fields set.
 * Returns the product goals that apply.
 */
export async function runOrderSpec(port: CascadePort, spec: InfusionsoftOrderSpecDto, contactId: number): Promise<InfusionsoftProductGoalDto[]> {
  const p = port.progress;
  const productIds = await resolveProducts(port, spec.lines);
  if (spec.method === 'placeOrder') {
    if (p.invoiceId === undefined && port.mayRepeat) {
      const earlier = await newest(port, 'Invoice', { ContactId: contactId, JobId: '%' }, ['Id', 'JobId', 'DateCreated'], `Look for an earlier attempt's order for contact ${contactId}`);
      // placeOrder takes no description: an invoice created after this command's first attempt started is ours.
      if (earlier && p.invoicesBefore !== undefined && earlier.Id > p.invoicesBefore) Object.assign(p, { invoiceId: earlier.Id, jobId: Number(earlier['JobId']) });
    }
    if (p.invoiceId === undefined) {
      if (p.invoicesBefore === undefined) {
        const last = await newest(port, 'Invoice', { Id: '%' }, ['Id'], 'Newest invoice before placing the order');
        p.invoicesBefore = last?.Id ?? 0;
        await port.saveProgress();
      }
      await placeOrder(port, spec, contactId, [...productIds.values()]);
    }
  } else {
    await blankOrder(port, spec, contactId, productIds);
  }
  if (Object.keys(spec.customFields).length && !p.customFieldsSet && p.jobId !== undefined) {
    await port.call('DataService.update', ['Job', p.jobId, spec.customFields], `Set custom order fields ${Object.keys(spec.customFields).join(', ')} on order ${p.jobId}`);
    // Setting the same fields again is harmless: not saved.
    p.customFieldsSet = true;
  }
  return matchedProductGoals(port, spec.productGoals, productIds);
}
