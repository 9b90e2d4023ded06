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
}

export interface UcOrder {
  merchant_id?: string;
  order_id?: string;
  current_stage?: string;
  creation_dts?: string;
  currency_code?: string;
  billing?: UcAddress;
  shipping?: UcAddress;
  customer_profile?: { email?: string };
  items?: UcOrderItem[];
  summary?: {
    subtotal?: UcCurrency;
    subtotal_discount?: UcCurrency;
    shipping_handling_total?: UcCurrency;
    tax?: UcCurrency;
    total?: UcCurrency;
  };
  coupons?: Array<{ coupon_code?: string }>;
  payment?: { payment_method?: string; credit_card?: unknown };
  checkout?: { screen_branding_theme_code?: string };
}
