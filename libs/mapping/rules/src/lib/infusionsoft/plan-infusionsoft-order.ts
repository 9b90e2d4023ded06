import { isPastPaymentStage, type Money, type Order, type OrderLine } from '@hub/domain';
import {
  RoutingKeys,
  type InfusionsoftGoalDto,
  type InfusionsoftOrderLineDto,
  type InfusionsoftOrderSpecDto,
  type InfusionsoftOrderV1,
  type InfusionsoftProductGoalDto,
} from '@hub/messaging-contracts';
import { contactFields, productActionSetsOf, productTagsOf } from './infusionsoft-contact';
import { infusionsoftKeys } from './infusionsoft-keys';
import { notEnabled, send, skip, unique, type InfusionsoftPlan } from './infusionsoft-plan';
import type { CustomOrderFields, GoalRule, InfusionsoftSettings } from './infusionsoft-settings';

/**
 * Facts about an order that the rules need and the canonical order may not carry yet (checkout
 * marketing fields, the sales-rep code, catalog folders). Read from the order itself when it has
 * them (same names), else from what the caller passes.
 */
export interface InfusionsoftOrderFacts {
  /** The customer ticked the mailing-list box at checkout. */
  mailingListOptIn?: boolean;
  salesRepCode?: string;
  advertisingSource?: string;
  /** Checkout custom fields by name: `customField1` … `customField7`. */
  customFields?: Partial<Record<CustomFieldName, string>>;
  /** Cart item id → the catalog folders it sits in (for folder goals). */
  itemFolders?: Record<string, string[]>;
}

type CustomFieldName = Exclude<keyof CustomOrderFields, 'advertisingSource'>;

export interface InfusionsoftOrderContext {
  /** Cart item id → mapped Infusionsoft product id (the order → product mapping). */
  productIdOf: (itemId: string) => number | undefined;
  /** True when an earlier order (another order id) in the history has this customer's email. */
  repeatCustomer: boolean;
  facts?: InfusionsoftOrderFacts;
}

/** A `Map` or record of the product mapping → the lookup the planners take. */
export function infusionsoftProductLookup(rows: Record<string, number> | ReadonlyMap<string, number>): (itemId: string) => number | undefined {
  return rows instanceof Map ? (id) => rows.get(id) : (id) => (rows as Record<string, number>)[id];
}

/**
 * A paid order → `crm.infusionsoft.order.v1`: the contact from the primary address, with lead
 * source, tags, owner and action sets; the order/invoice by the merchant's creation method unless
 * order creation is skipped; goals. Pure: the same inputs give the same command and key.
 */
export function planInfusionsoftOrder(order: Order, settings: InfusionsoftSettings | undefined, context: InfusionsoftOrderContext): InfusionsoftPlan {
  if (!settings?.enabled) return notEnabled(settings);
  if (!isPastPaymentStage(order.stage)) return skip(`order ${order.orderId} is in "${order.stage}": only orders past the payment stage are sent`);
  const facts = { ...(order as Partial<InfusionsoftOrderFacts>), ...context.facts };
  if (settings.mailingListFilter && !facts.mailingListOptIn) {
    return skip('the mailing-list filter is on and the customer did not opt in to the mailing list');
  }

  const warnings: string[] = [];
  const itemIds = order.lines.map((l) => l.itemId);
  const address = settings.primaryAddress === 'shipping' ? order.customer.shipping ?? order.customer.billing : order.customer.billing;
  const customerTag = context.repeatCustomer ? settings.repeatCustomerTag : settings.newCustomerTag;
  const tags = unique([
    ...settings.contactTags,
    ...(customerTag ? [customerTag] : []),
    ...(facts.mailingListOptIn && settings.mailingListTag ? [settings.mailingListTag] : []),
    ...productTagsOf(settings, itemIds),
  ]);

  let ownerId: number | undefined;
  if (facts.salesRepCode) {
    ownerId = settings.salesRepOwners.find((r) => r.salesRepCode === facts.salesRepCode)?.userId;
    if (ownerId === undefined) warnings.push(`sales rep code "${facts.salesRepCode}" has no Infusionsoft user mapped: the contact owner is left as it is`);
  }
  const coupon = order.couponCodes[0];
  const leadSource = settings.leadSourceField === 'coupon' && coupon ? { name: coupon, create: settings.createLeadSource } : undefined;

  const { goals, productGoals } = goalsFor(settings.goals, order.lines, context, facts.itemFolders ?? {});
  const spec = settings.skipOrderCreation ? undefined : orderSpec(order, settings, context, facts, productGoals);
  if (settings.skipOrderCreation && productGoals.length) {
    warnings.push('goals triggered by an Infusionsoft product name or category need order creation: skipped with "Skip Order Creation"');
  }

  const payload: InfusionsoftOrderV1 = {
    merchantId: order.merchantId,
    idempotencyKey: infusionsoftKeys.order(order.merchantId, order.orderId),
    orderId: order.orderId,
    steps: {
      contact: { email: order.customer.email, fields: contactFields(order.customer.email, address, order.customer) },
      tags,
      leadSource,
      ownerId,
      actionSetIds: unique([...(settings.actionSetId ? [settings.actionSetId] : []), ...productActionSetsOf(settings, itemIds)]),
    },
    order: spec,
    goals,
    ...(warnings.length ? { warnings } : {}),
  };
  const what = spec ? `${spec.method === 'placeOrder' ? 'OrderService.placeOrder' : 'createBlankOrder + addOrderItem + addManualPayment'} with ${spec.lines.length} line(s)` : 'no order (skip order creation)';
  return send(
    {
      routingKey: RoutingKeys.crm.infusionsoftOrder,
      payload,
      reason: `Infusionsoft enabled: contact ${order.customer.email} (${settings.primaryAddress} address, ${tags.length} tag(s), ${context.repeatCustomer ? 'repeat' : 'new'} customer), ${what}, ${goals.length + productGoals.length} goal(s)`,
    },
    warnings,
  );
}

function orderSpec(
  order: Order,
  settings: InfusionsoftSettings,
  context: InfusionsoftOrderContext,
  facts: InfusionsoftOrderFacts,
  productGoals: InfusionsoftProductGoalDto[],
): InfusionsoftOrderSpecDto {
  const method = settings.orderCreationMethod;
  const productLines = order.lines.map((l) => productLine(l, context));
  const lines = method === 'placeOrder' ? productLines : [...productLines, ...chargeLines(order)];
  const promo = order.couponCodes.length ? ` — promo codes: ${order.couponCodes.join(', ')}` : '';
  return {
    method,
    description: `UltraCart order ${order.orderId}`,
    orderDate: order.createdAt ?? new Date(0).toISOString(),
    lines,
    promoCodes: [...order.couponCodes],
    payment:
      method === 'blankOrder'
        ? { amount: { ...order.totals.total }, paymentType: order.paymentMethod ?? 'Credit Card', description: `Paid in UltraCart, order ${order.orderId}${promo}` }
        : undefined,
    customFields: customOrderFields(settings, facts),
    productGoals,
  };
}

/** The mapped product id, else the guide's fallback: a product whose name is the item id (case-sensitive). */
function productLine(line: OrderLine, context: InfusionsoftOrderContext): InfusionsoftOrderLineDto {
  const productId = context.productIdOf(line.itemId);
  const whole = Number.isInteger(line.quantity);
  return {
    kind: 'product',
    itemId: line.itemId,
    product: productId ? { productId } : { productName: line.itemId },
    title: line.description ?? line.itemId,
    // Infusionsoft quantities are integers: a fractional quantity is one line at the line total.
    quantity: whole ? line.quantity : 1,
    unitPrice: whole ? { ...line.unitPrice } : { ...line.total },
    notes: whole ? undefined : `quantity ${line.quantity}`,
  };
}

/**
 * Shipping/handling and tax as their own lines (the old integration lost them), and whatever is
 * left between the lines and the order total as a discount (negative) or other charge, so the
 * invoice total equals what the customer paid.
 */
function chargeLines(order: Order): InfusionsoftOrderLineDto[] {
  const { shippingHandling, tax, total } = order.totals;
  const lines: InfusionsoftOrderLineDto[] = [];
  const charge = (kind: InfusionsoftOrderLineDto['kind'], title: string, amount: Money) =>
    lines.push({ kind, title, quantity: 1, unitPrice: { minor: amount.minor, currency: amount.currency } });
  if (shippingHandling.minor !== 0) charge('shipping', 'Shipping & handling', shippingHandling);
  if (tax.minor !== 0) charge('tax', 'Tax', tax);
  const itemsTotal = order.lines.reduce((sum, l) => sum + l.total.minor, 0);
  const gap = total.minor - (itemsTotal + shippingHandling.minor + tax.minor);
  if (gap < 0) charge('special', order.couponCodes.length ? `Discount (${order.couponCodes.join(', ')})` : 'Discount', { minor: gap, currency: total.currency });
  if (gap > 0) charge('misc', 'Other charges', { minor: gap, currency: total.currency });
  return lines;
}

function customOrderFields(settings: InfusionsoftSettings, facts: InfusionsoftOrderFacts): Record<string, string> {
  const fields: Record<string, string> = { ...(settings.fixedOrderFields ?? {}) };
  const map = settings.customOrderFields;
  if (map.advertisingSource && facts.advertisingSource) fields[map.advertisingSource] = facts.advertisingSource;
  for (let n = 1; n <= 7; n++) {
    const name = `customField${n}` as CustomFieldName;
    const target = map[name];
    const value = facts.customFields?.[name];
    if (target && value) fields[target] = value;
  }
  return fields;
}

/**
 * Item and folder goals are decided here; product goals too when the mapping names the product id.
 * Goals on a product name or a category depend on what the connector resolves, so they travel
 * with the order as conditions.
 */
function goalsFor(
  rules: readonly GoalRule[],
  lines: readonly OrderLine[],
  context: InfusionsoftOrderContext,
  itemFolders: Record<string, string[]>,
): { goals: InfusionsoftGoalDto[]; productGoals: InfusionsoftProductGoalDto[] } {
  const goals: InfusionsoftGoalDto[] = [];
  const productGoals: InfusionsoftProductGoalDto[] = [];
  const itemIds = lines.map((l) => l.itemId);
  const mappedIds = new Set(itemIds.map((id) => context.productIdOf(id)).filter((id): id is number => id !== undefined));
  const all = itemIds.every((id) => context.productIdOf(id) !== undefined);
  for (const rule of rules) {
    const goal = { integration: rule.integration, callName: rule.callName };
    const id = /^\d+$/.test(rule.value) ? Number(rule.value) : undefined;
    if (rule.trigger === 'item' && itemIds.includes(rule.value)) goals.push(goal);
    else if (rule.trigger === 'folder' && itemIds.some((i) => itemFolders[i]?.includes(rule.value))) goals.push(goal);
    else if (rule.trigger === 'product' && id !== undefined && mappedIds.has(id)) goals.push(goal);
    // Every line mapped by id and none matched: the connector could not find it either.
    else if (rule.trigger === 'product' && id !== undefined && all) continue;
    else if (rule.trigger === 'product' || rule.trigger === 'category') {
      productGoals.push({ ...goal, trigger: rule.trigger, ...(id !== undefined ? { id } : { name: rule.value }) });
    }
  }
  return { goals, productGoals };
}
