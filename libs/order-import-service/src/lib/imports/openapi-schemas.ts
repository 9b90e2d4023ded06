import { ITEM_FIELDS, LEGACY_METHODS, ORDER_FIELDS, PAYMENT_METHODS, SEED_PARAMETERS } from '@hub/order-import';

type Schema = Record<string, unknown>;

const TEXT: Schema = { type: 'string' };
const NUMBER_NAMES = /(Cost|Tax|Amount|Total|Subtotal|Rate|Month|Year)$/;
const BOOLEAN_NAMES = new Set([
  'noRealtimePaymentProcessing', 'skipPaymentProcessing', 'considerRecurring', 'autoApprovePurchaseOrder', 'storeIfPaymentDeclines',
  'treatWarningsAsErrors', 'storeCompleted', 'associatedWithCustomerProfileIfPresent', 'taxExempt', 'shipToResidential', 'mailingListOptIn',
  'gift', 'leastCostRoute', 'upsell',
]);

function typeOf(legacy: string): Schema {
  if (legacy === 'paymentMethod') return { type: 'string', enum: PAYMENT_METHODS };
  if (BOOLEAN_NAMES.has(legacy)) return { type: 'boolean' };
  if (NUMBER_NAMES.test(legacy) && legacy !== 'creditCardExpirationMonthYear') return { type: 'number' };
  return TEXT;
}

/** The REST `ChannelPartnerOrder` (snake_case), generated from the one field table both interfaces share. */
export const CHANNEL_PARTNER_ORDER_SCHEMA: Schema = {
  type: 'object',
  required: ['channel_partner_order_id', 'payment_method', 'billto_first_name', 'billto_last_name', 'billto_address1', 'billto_city', 'billto_state_region', 'billto_postal_code', 'billto_country_code', 'ip_address', 'screen_branding_theme_code', 'items'],
  properties: Object.fromEntries(
    ORDER_FIELDS.map(([legacy, rest]) => {
      if (legacy === 'items') {
        return [rest, {
          type: 'array',
          items: {
            type: 'object',
            required: ['merchant_item_id', 'quantity'],
            properties: Object.fromEntries(
              ITEM_FIELDS.map(([l, r]) => [r, l === 'options' ? { type: 'array', items: { type: 'object', properties: { name: TEXT, value: TEXT } } } : l === 'quantity' ? { type: 'integer', minimum: 1 } : typeOf(l)]),
            ),
          },
        }];
      }
      if (legacy === 'coupons' || legacy === 'leastCostRouteShippingMethods') return [rest, { type: 'array', items: TEXT }];
      return [rest, typeOf(legacy)];
    }),
  ),
};

/** The legacy form's name/value pairs (items and options by index; every value is text). */
export const LEGACY_FORM_SCHEMA: Schema = {
  type: 'object',
  example: SEED_PARAMETERS,
  required: ['method', 'credentials.merchantId', 'credentials.channelPartnerCode', 'credentials.channelPartnerPassword'],
  properties: {
    method: { type: 'string', enum: LEGACY_METHODS },
    'credentials.merchantId': TEXT,
    'credentials.channelPartnerCode': TEXT,
    'credentials.channelPartnerPassword': { type: 'string', format: 'password' },
    orderId: { ...TEXT, description: 'cancelOrderByUltraCartOrderId: the order id importOrder answered' },
    channelPartnerOrderId: { ...TEXT, description: 'cancelOrderByChannelPartnerOrderId' },
    ...Object.fromEntries(
      ORDER_FIELDS.filter(([l]) => !['items', 'coupons', 'leastCostRouteShippingMethods'].includes(l)).map(([l]) => [`order.${l}`, { ...TEXT, description: typeOf(l)['type'] === 'string' ? undefined : `${typeOf(l)['type']}${typeOf(l)['type'] === 'boolean' ? ' (true/false, Y/N, 1/0)' : ''}` }]),
    ),
    ...Object.fromEntries(ITEM_FIELDS.filter(([l]) => l !== 'options').map(([l]) => [`order.items[0].${l}`, TEXT])),
    'order.items[0].options[0].name': TEXT,
    'order.items[0].options[0].value': TEXT,
    'order.coupons[0]': TEXT,
    'order.leastCostRouteShippingMethods[0]': TEXT,
  },
};

export const REST_RESPONSE_SCHEMA: Schema = {
  type: 'object',
  properties: {
    success: { type: 'boolean' },
    order_id: { type: 'string', nullable: true },
    import_errors: { type: 'array', items: TEXT },
    import_warnings: { type: 'array', items: TEXT },
    errors: { type: 'array', items: { type: 'object', properties: { field: TEXT, message: TEXT } } },
    warnings: { type: 'array', items: { type: 'object', properties: { field: TEXT, message: TEXT } } },
    stage: TEXT,
    duplicate: { type: 'boolean' },
  },
};
