import { UcAddress, UcCurrency, UcOrder } from './ultracart-order';

/**
 * The other REST v2 resources the cart's webhooks carry (UC-PY `docs/AutoOrder.md`, `Cart.md`,
 * `CartItem.md`, `Item.md`, `ItemPricing.md`): only the fields the hub reads, all optional.
 */

/** AutoOrder: the resource of every `auto_order_*` event. `status` is active | canceled | disabled | merged. */
export interface UcAutoOrder {
  merchant_id?: string;
  auto_order_code?: string;
  auto_order_oid?: number;
  original_order_id?: string;
  original_order?: UcOrder;
  rebill_orders?: UcOrder[];
  status?: string;
  enabled?: boolean;
  canceled_dts?: string;
  cancel_reason?: string;
  /** True when the customer bought an upgrade item, which cancelled this auto order. */
  cancel_upgrade?: boolean;
  /** True when the customer bought a downgrade item, which cancelled this auto order. */
  cancel_downgrade?: boolean;
  disabled_dts?: string;
  failure_reason?: string;
  credit_card_attempt?: number;
  next_attempt?: string;
  merged_into_auto_order_oid?: number;
  items?: Array<{ original_item_id?: string }>;
}

export interface UcCartItem {
  item_id?: string;
  description?: string;
  quantity?: number;
  unit_cost?: UcCurrency;
  unit_cost_with_discount?: UcCurrency;
  total_cost?: UcCurrency;
  total_cost_with_discount?: UcCurrency;
}

/** Cart: the resource of `checkout_cart_abandon`. */
export interface UcCart {
  merchant_id?: string;
  cart_id?: string;
  currency_code?: string;
  billing?: UcAddress;
  customer_profile?: { email?: string };
  items?: UcCartItem[];
  summary?: { total?: UcCurrency };
}

/** Item: the resource of `item_create`, `item_update`, `item_delete`. Pricing is in plain floats. */
export interface UcItem {
  merchant_id?: string;
  merchant_item_id?: string;
  merchant_item_oid?: number;
  description?: string;
  inactive?: boolean;
  kit?: boolean;
  parent_category_path?: string;
  last_modified_dts?: string;
  pricing?: { cost?: number; sale_cost?: number; currency_code?: string };
}
