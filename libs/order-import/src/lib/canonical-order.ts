import { Address, CUSTOM_FIELD_NAMES, Order, OrderLine } from '@hub/domain';
import { CatalogEntry } from './catalog';
import { ImportOrderInput } from './import-order.input';

/**
 * The imported order as the rest of the hub knows orders (`cart.order.placed.v1`): lines priced
 * from `arbitraryUnitCost` or the catalog, the partner's tax and shipping, the bill-to customer.
 */
export function toCanonicalOrder(
  merchantId: string,
  orderId: string,
  stage: string,
  order: ImportOrderInput,
  catalog: ReadonlyMap<string, CatalogEntry>,
  createdAt: Date,
): Order {
  const currency = catalog.get(order.items[0]?.itemId)?.currency ?? 'USD';
  const m = (minor: number) => ({ minor, currency });
  const lines: OrderLine[] = order.items.map((line) => {
    const item = catalog.get(line.itemId);
    const unit = line.arbitraryUnitCost !== undefined ? Math.round(line.arbitraryUnitCost * 100) : (item?.priceMinor ?? 0);
    return { itemId: line.itemId, description: item?.description, quantity: line.quantity, unitPrice: m(unit), total: m(Math.round(unit * line.quantity)) };
  });
  const subtotal = lines.reduce((s, l) => s + l.total.minor, 0);
  const tax = order.taxExempt ? 0 : Math.round((order.arbitraryTax ?? 0) * 100);
  const shipping = Math.round((order.arbitraryShippingHandlingTotal ?? 0) * 100);
  const billing: Address = {
    firstName: order.billToFirstName,
    lastName: order.billToLastName,
    company: order.billToCompany,
    address1: order.billToAddress1,
    address2: order.billToAddress2,
    city: order.billToCity,
    stateRegion: order.billToState,
    postalCode: order.billToPostalCode,
    countryCode: order.billToCountry,
    phone: order.billToDayPhone,
  };
  const shipping_: Address | undefined = order.shipToAddress1
    ? {
        firstName: order.shipToFirstName,
        lastName: order.shipToLastName,
        company: order.shipToCompany,
        address1: order.shipToAddress1,
        address2: order.shipToAddress2,
        city: order.shipToCity,
        stateRegion: order.shipToState,
        postalCode: order.shipToPostalCode,
        countryCode: order.shipToCountry,
        phone: order.shipToPhone,
      }
    : undefined;
  return {
    merchantId,
    orderId,
    stage,
    createdAt: createdAt.toISOString(),
    currency,
    customer: { email: (order.email ?? '').toLowerCase(), firstName: order.billToFirstName, lastName: order.billToLastName, billing: strip(billing), shipping: shipping_ && strip(shipping_) },
    lines,
    totals: { subtotal: m(subtotal), discount: m(0), shippingHandling: m(shipping), tax: m(tax), total: m(subtotal + shipping + tax) },
    couponCodes: order.coupons ?? [],
    paymentMethod: order.paymentMethod,
    themeCode: order.screenBrandingThemeCode,
    ...(order.mailingListOptIn !== undefined ? { mailingListOptIn: order.mailingListOptIn } : {}),
    ...(order.advertisingSource ? { advertisingSource: order.advertisingSource } : {}),
    ...customFieldsOf(order),
  };
}

/** The partner's `customField1` … `customField7` that hold a value, as the CRMs' custom order fields take them. */
function customFieldsOf(order: ImportOrderInput): Pick<Order, 'customFields'> {
  const fields = Object.fromEntries(CUSTOM_FIELD_NAMES.map((name) => [name, order[name]?.trim()]).filter(([, v]) => v));
  return Object.keys(fields).length ? { customFields: fields } : {};
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}
