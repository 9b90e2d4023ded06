import { Money } from './money';

/** UltraCart's `current_stage` values, exact strings (reference C.3). */
export const ORDER_STAGES = [
  'Accounts Receivable',
  'Pending Clearance',
  'Fraud Review',
  'Rejected',
  'Shipping Department',
  'Completed Order',
  'Quote Request',
  'Quote Sent',
  'Least Cost Routing',
  'Unknown',
  'Pre-ordered',
  'Advanced Order Routing',
  'Hold',
] as const;
export type OrderStage = (typeof ORDER_STAGES)[number];

/**
 * The integration guides cascade an order only once it has left the payment stage:
 * orders held in Accounts Receivable (or fraud review, quotes…) are not sent.
 */
export const PAST_PAYMENT_STAGES: readonly OrderStage[] = ['Shipping Department', 'Completed Order'];

export function isPastPaymentStage(stage: string | undefined): boolean {
  return PAST_PAYMENT_STAGES.includes(stage as OrderStage);
}

export interface Address {
  firstName?: string;
  lastName?: string;
  company?: string;
  address1?: string;
  address2?: string;
  city?: string;
  stateRegion?: string;
  postalCode?: string;
  countryCode?: string;
  phone?: string;
}

export interface Customer {
  email: string;
  firstName?: string;
  lastName?: string;
  billing: Address;
  shipping?: Address;
}

export interface OrderLine {
  itemId: string;
  description?: string;
  quantity: number;
  /** Unit price as charged, after item-level discounts. */
  unitPrice: Money;
  /** Line total as charged, after discounts. */
  total: Money;
}

export interface OrderTotals {
  subtotal: Money;
  discount: Money;
  shippingHandling: Money;
  tax: Money;
  total: Money;
}

export interface Order {
  merchantId: string;
  orderId: string;
  stage: OrderStage | string;
  /** ISO-8601 with offset, as the cart sent it. */
  createdAt?: string;
  currency: string;
  customer: Customer;
  lines: OrderLine[];
  totals: OrderTotals;
  couponCodes: string[];
  paymentMethod?: string;
  themeCode?: string;
  /** The customer ticked the mailing-list box at checkout. */
  mailingListOptIn?: boolean;
  advertisingSource?: string;
  /** The sales rep code typed on the back office's order entry screen. */
  salesRepCode?: string;
  /** Checkout custom fields 1–7 that hold a value (what the CRMs' custom order fields map). */
  customFields?: Partial<Record<CustomFieldName, string>>;
}

export const CUSTOM_FIELD_NAMES = ['customField1', 'customField2', 'customField3', 'customField4', 'customField5', 'customField6', 'customField7'] as const;
export type CustomFieldName = (typeof CUSTOM_FIELD_NAMES)[number];
