/**
 * The subset of UltraCart's REST v2 Order model the hub reads (reference C.3).
 * Every field is optional: webhooks carry only the configured expansion.
 */
export interface UcCurrency {
  value?: number;
  currency_code?: string;
}

export interface UcAddress {
  first_name?: string;
  last_name?: string;
  company?: string;
  address1?: string;
  address2?: string;
  city?: string;
  state_region?: string;
  postal_code?: string;
  country_code?: string;
  day_phone?: string;
  email?: string;
}

export interface UcOrderItem {
  merchant_item_id?: string;
  description?: string;
  quantity?: number;
  cost?: UcCurrency;
  discount?: UcCurrency;
  total_cost_with_discount?: UcCurrency;
  unit_cost_with_discount?: UcCurrency;
  kit_component?: boolean;
  quantity_refunded?: number;
  total_refunded?: UcCurrency;
  refund_reason?: string;
  shipped_dts?: string;
}

export interface UcStageHistory {
  before_stage?: string;
  after_stage?: string;
  transition_dts?: string;
}

export interface UcTrackingNumberDetails {
  tracking_number?: string;
  shipped_date?: string;
  expected_delivery_date?: string;
}

export interface UcShipping extends UcAddress {
  shipping_method?: string;
  tracking_numbers?: string[];
  tracking_number_details?: UcTrackingNumberDetails[];
  shipping_date?: string;
  delivery_date?: string;
}

/** OrderPaymentTransaction: one attempt at the gateway; `details` are name/value pairs. */
export interface UcPaymentTransaction {
  successful?: boolean;
  transaction_id?: number;
  transaction_timestamp?: string;
  details?: Array<{ name?: string; value?: string }>;
}

export interface UcPayment {
  payment_method?: string;
  /** Unprocessed, Authorized, Capture Failed, Processed, Declined, Voided, Refunded, Skipped. */
  payment_status?: string;
  payment_dts?: string;
  credit_card?: unknown;
  transactions?: UcPaymentTransaction[];
}

export interface UcOrderSummary {
  subtotal?: UcCurrency;
  subtotal_discount?: UcCurrency;
  shipping_handling_total?: UcCurrency;
  tax?: UcCurrency;
  total?: UcCurrency;
  /** Running totals: everything refunded on the order so far. */
  total_refunded?: UcCurrency;
  subtotal_refunded?: UcCurrency;
  tax_refunded?: UcCurrency;
  shipping_handling_refunded?: UcCurrency;
}

export interface UcOrder {
  merchant_id?: string;
  order_id?: string;
  current_stage?: string;
  current_stage_histories?: UcStageHistory[];
  creation_dts?: string;
  currency_code?: string;
  refund_dts?: string;
  refund_reason?: string;
  reject_dts?: string;
  reject_reason?: string;
  billing?: UcAddress;
  shipping?: UcShipping;
  customer_profile?: { email?: string };
  items?: UcOrderItem[];
  summary?: UcOrderSummary;
  coupons?: Array<{ coupon_code?: string }>;
  payment?: UcPayment;
  checkout?: UcCheckout;
  marketing?: { mailing_list?: boolean; advertising_source?: string; referral_code?: string };
  /** Back-office data; the sales rep code is typed on the manual order entry screen. */
  internal?: { sales_rep_code?: string };
}

/** OrderCheckout: the theme, and the custom fields a checkout collects (`custom_field1` … `custom_field10`). */
export type UcCheckout = { screen_branding_theme_code?: string } & Partial<Record<`custom_field${number}`, string>>;
