import { money } from '../money';
import { Address, CUSTOM_FIELD_NAMES, Order, OrderLine } from '../order';
import { OrderShapeError } from './event-shape.error';
import { UcAddress, UcCurrency, UcOrder, UcOrderItem } from './ultracart-order';
import { amountOf, normalizedEmail } from './uc-values';

export { OrderShapeError } from './event-shape.error';

/** The order's currency: its own code, else its total's, else USD (UltraCart's base currency default). */
export function orderCurrency(uc: UcOrder): string {
  return uc.currency_code ?? uc.summary?.total?.currency_code ?? 'USD';
}

export function orderEmail(uc: UcOrder): string | undefined {
  return normalizedEmail(uc.billing?.email, uc.customer_profile?.email);
}

export function requireOrderId(uc: UcOrder): string {
  if (!uc.order_id) throw new OrderShapeError('order_id', 'is required');
  return uc.order_id;
}

/**
 * UltraCart Order → the hub's canonical order. Throws OrderShapeError naming the field when
 * something a CRM cascade cannot do without (order id, customer email) is missing.
 */
export function toCanonicalOrder(uc: UcOrder, merchantId: string): Order {
  const orderId = requireOrderId(uc);
  const currency = orderCurrency(uc);
  const email = orderEmail(uc);
  if (!email) throw new OrderShapeError('billing.email', 'is required to find the customer in a CRM');

  const billing = toAddress(uc.billing);
  // Kit components are priced inside their parent line; sending them would double-count.
  const lines = (uc.items ?? []).flatMap((i, n) => (i.kit_component ? [] : [toLine(i, n, currency)]));
  const amount = (c: UcCurrency | undefined) => amountOf(c, currency);

  return {
    merchantId,
    orderId,
    stage: uc.current_stage ?? 'Unknown',
    createdAt: uc.creation_dts,
    currency,
    customer: {
      email,
      firstName: billing.firstName,
      lastName: billing.lastName,
      billing,
      shipping: uc.shipping ? toAddress(uc.shipping) : undefined,
    },
    lines,
    totals: {
      subtotal: amount(uc.summary?.subtotal),
      discount: amount(uc.summary?.subtotal_discount),
      shippingHandling: amount(uc.summary?.shipping_handling_total),
      tax: amount(uc.summary?.tax),
      total: amount(uc.summary?.total),
    },
    couponCodes: (uc.coupons ?? []).map((c) => c.coupon_code).filter((c): c is string => !!c),
    paymentMethod: uc.payment?.payment_method,
    themeCode: uc.checkout?.screen_branding_theme_code,
    ...marketingOf(uc),
  };
}

/** Checkout marketing, the sales rep and the custom fields — only those the order carries. */
function marketingOf(uc: UcOrder): Pick<Order, 'mailingListOptIn' | 'advertisingSource' | 'salesRepCode' | 'customFields'> {
  const customFields: Order['customFields'] = {};
  CUSTOM_FIELD_NAMES.forEach((name, i) => {
    const value = uc.checkout?.[`custom_field${i + 1}`]?.trim();
    if (value) customFields[name] = value;
  });
  const text = (v: string | undefined) => v?.trim() || undefined;
  return {
    ...(typeof uc.marketing?.mailing_list === 'boolean' ? { mailingListOptIn: uc.marketing.mailing_list } : {}),
    ...(text(uc.marketing?.advertising_source) ? { advertisingSource: text(uc.marketing?.advertising_source) } : {}),
    ...(text(uc.internal?.sales_rep_code) ? { salesRepCode: text(uc.internal?.sales_rep_code) } : {}),
    ...(Object.keys(customFields).length ? { customFields } : {}),
  };
}

function toLine(item: UcOrderItem, index: number, currency: string): OrderLine {
  if (!item.merchant_item_id) throw new OrderShapeError(`items[${index}].merchant_item_id`, 'is required');
  const quantity = item.quantity ?? 1;
  if (!(quantity > 0)) throw new OrderShapeError(`items[${index}].quantity`, 'must be greater than 0');
  const unit = item.unit_cost_with_discount ?? item.cost;
  const unitPrice = money(unit?.value ?? 0, currency);
  const total =
    item.total_cost_with_discount?.value !== undefined
      ? money(item.total_cost_with_discount.value, currency)
      : { minor: Math.round(unitPrice.minor * quantity), currency };
  return { itemId: item.merchant_item_id, description: item.description, quantity, unitPrice, total };
}

function toAddress(a: UcAddress | undefined): Address {
  return {
    firstName: a?.first_name,
    lastName: a?.last_name,
    company: a?.company,
    address1: a?.address1,
    address2: a?.address2,
    city: a?.city,
    stateRegion: a?.state_region,
    postalCode: a?.postal_code,
    countryCode: a?.country_code,
    phone: a?.day_phone,
  };
}
