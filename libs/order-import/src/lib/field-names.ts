/**
 * Every `order.*` scalar of the legacy form and its name in the REST `ChannelPartnerOrder`
 * (reference C.4, UC-PY). The REST form carries the card as a hosted-fields token; the raw-card
 * names marked "hub" are accepted there too, for partners that send cards the legacy way.
 */
export const ORDER_FIELDS: ReadonlyArray<readonly [legacy: string, rest: string]> = [
  ['channelPartnerOrderId', 'channel_partner_order_id'],
  ['paymentMethod', 'payment_method'],
  ['noRealtimePaymentProcessing', 'no_realtime_payment_processing'],
  ['skipPaymentProcessing', 'skip_payment_processing'],
  ['considerRecurring', 'consider_recurring'],
  ['autoApprovePurchaseOrder', 'auto_approve_purchase_order'],
  ['storeIfPaymentDeclines', 'store_if_payment_declines'],
  ['treatWarningsAsErrors', 'treat_warnings_as_errors'],
  ['storeCompleted', 'store_completed'],
  ['creditCardAuthorizationReferenceNumber', 'credit_card_authorization_number'],
  ['creditCardAuthorizationAmount', 'credit_card_authorization_amount'],
  ['creditCardAuthorizationDts', 'credit_card_authorization_dts'],
  ['creditCardType', 'credit_card_type'],
  ['creditCardNumber', 'credit_card_number'], // hub
  ['creditCardToken', 'hosted_fields_card_token'],
  ['creditCardExpirationMonth', 'credit_card_expiration_month'],
  ['creditCardExpirationYear', 'credit_card_expiration_year'],
  ['creditCardExpirationMonthYear', 'credit_card_expiration_month_year'], // hub
  ['creditCardVerificationNumber', 'credit_card_verification_number'], // hub
  ['rotatingTransactionGatewayCode', 'rotating_transaction_gateway_code'],
  ['purchaseOrderNumber', 'purchase_order_number'],
  ['billToFirstName', 'billto_first_name'],
  ['billToLastName', 'billto_last_name'],
  ['billToTitle', 'billto_title'],
  ['billToCompany', 'billto_company'],
  ['billToAddress1', 'billto_address1'],
  ['billToAddress2', 'billto_address2'],
  ['billToCity', 'billto_city'],
  ['billToState', 'billto_state_region'],
  ['billToPostalCode', 'billto_postal_code'],
  ['billToCountry', 'billto_country_code'],
  ['billToDayPhone', 'billto_day_phone'],
  ['billToEveningPhone', 'billto_evening_phone'],
  ['email', 'email'],
  ['ccEmail', 'cc_email'],
  ['associatedWithCustomerProfileIfPresent', 'associate_with_customer_profile_if_present'],
  ['shipToFirstName', 'shipto_first_name'],
  ['shipToLastName', 'shipto_last_name'],
  ['shipToTitle', 'shipto_title'],
  ['shipToCompany', 'shipto_company'],
  ['shipToAddress1', 'shipto_address1'],
  ['shipToAddress2', 'shipto_address2'],
  ['shipToCity', 'shipto_city'],
  ['shipToState', 'shipto_state_region'],
  ['shipToPostalCode', 'shipto_postal_code'],
  ['shipToCountry', 'shipto_country_code'],
  ['shipToPhone', 'shipto_day_phone'],
  ['shipToEveningPhone', 'shipto_evening_phone'],
  ['shippingMethod', 'shipping_method'],
  ['arbitraryTax', 'arbitrary_tax'],
  ['arbitraryTaxableSubtotal', 'arbitrary_taxable_subtotal'],
  ['arbitraryTaxRate', 'arbitrary_tax_rate'],
  ['arbitraryShippingHandlingTotal', 'arbitrary_shipping_handling_total'],
  ['taxExempt', 'tax_exempt'],
  ['giftMessage', 'gift_message'],
  ['deliveryDate', 'delivery_date'],
  ['shipOnDate', 'ship_on_date'],
  ['ipAddress', 'ip_address'],
  ['shipToResidential', 'ship_to_residential'],
  ['mailingListOptIn', 'mailing_list_opt_in'],
  ['specialInstructions', 'special_instructions'],
  ['screenBrandingThemeCode', 'screen_branding_theme_code'],
  ['advertisingSource', 'advertising_source'],
  ['customField1', 'custom_field1'],
  ['customField2', 'custom_field2'],
  ['customField3', 'custom_field3'],
  ['customField4', 'custom_field4'],
  ['customField5', 'custom_field5'],
  ['customField6', 'custom_field6'],
  ['customField7', 'custom_field7'],
  ['taxCounty', 'tax_county'],
  ['affiliateId', 'affiliate_id'],
  ['affiliateSubId', 'affiliate_sub_id'],
  ['gift', 'gift'],
  ['giftEmail', 'gift_email'],
  ['leastCostRoute', 'least_cost_route'],
  ['leastCostRouteShippingMethods', 'least_cost_route_shipping_methods'],
  ['coupons', 'coupons'],
  ['items', 'items'],
];

export const ITEM_FIELDS: ReadonlyArray<readonly [legacy: string, rest: string]> = [
  ['itemId', 'merchant_item_id'],
  ['quantity', 'quantity'],
  ['arbitraryUnitCost', 'arbitrary_unit_cost'],
  ['autoOrderSchedule', 'auto_order_schedule'],
  ['upsell', 'upsell'],
  ['autoOrderLastRebillDate', 'auto_order_last_rebill_dts'],
  ['options', 'options'],
];

/** `order.<name>` scalars of the legacy form (lists and items have their own syntax). */
export const LEGACY_SCALARS: ReadonlySet<string> = new Set(
  ORDER_FIELDS.map(([legacy]) => legacy).filter((n) => !['items', 'coupons', 'leastCostRouteShippingMethods'].includes(n)),
);

// `orderId` is no order field: the id importOrder answered, as cancels and stage changes name it.
const REST_OF = new Map([...ORDER_FIELDS, ['orderId', 'order_id'] as const]);
const REST_ITEM_OF = new Map(ITEM_FIELDS);

export type Interface = 'legacy' | 'rest';

/**
 * A problem's path in the caller's own names: `billToFirstName` → `order.billToFirstName` (legacy)
 * or `billto_first_name` (REST); `items[0].itemId` → `order.items[0].itemId` / `items[0].merchant_item_id`.
 */
export function fieldName(path: string, iface: Interface): string {
  if (path.startsWith('credentials.') || path.startsWith('order.') || path === 'method') return path;
  if (iface === 'legacy') return `order.${path}`;
  const m = /^items(\[\d+\])\.([A-Za-z0-9]+)(.*)$/.exec(path);
  if (m) return `items${m[1]}.${REST_ITEM_OF.get(m[2]) ?? m[2]}${m[3]}`;
  const head = /^([A-Za-z0-9]+)(.*)$/.exec(path);
  return head ? `${REST_OF.get(head[1]) ?? head[1]}${head[2]}` : path;
}
