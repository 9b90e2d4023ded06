import { toDecimalString, type Order } from '@hub/domain';
import { type OntraportSettings } from './ontraport-settings';

/**
 * Path and parameters of ONTRAPORT's partner conversion pixel. ONTRAPORT's help describes the pixel
 * as a URL on the account's sub-domain carrying the order id and, per item, `item_id_N` /
 * `item_price_N`, plus `tax` and `shipping_amt`; the exact path is not in our reference
 * ([UNCONFIRMED]), so it is one constant here.
 */
export const PIXEL_PATH = '/p';

export interface PixelReceipt {
  orderId: string;
  themeCode?: string;
  order?: Pick<Order, 'lines' | 'totals' | 'currency'>;
}

export type PixelAnswer =
  | { ok: true; subdomain: string; url: string; html: string }
  | { ok: false; reason: string };

/**
 * The conversion pixel for a receipt page: `<img>` markup and URL on the sub-domain configured for
 * the order's screen-branding theme (else the default sub-domain). Pure; the caller serves it.
 */
export function buildConversionPixel(settings: OntraportSettings | undefined, receipt: PixelReceipt): PixelAnswer {
  if (!settings?.enabled) return { ok: false, reason: settings ? 'ONTRAPORT is disabled by the merchant' : 'ONTRAPORT is not configured for this merchant' };
  if (!settings.partnerPixel) return { ok: false, reason: 'the merchant does not use the Partner Tracking Pixel method' };
  const themed = receipt.themeCode ? settings.pixelSubdomains.find((t) => t.themeCode === receipt.themeCode) : undefined;
  const subdomain = themed?.subdomain ?? settings.defaultPixelSubdomain;
  if (!subdomain) return { ok: false, reason: `no ONTRAPORT sub-domain is configured for theme "${receipt.themeCode ?? '(none)'}" and there is no default` };
  const q = new URLSearchParams({ order_id: receipt.orderId });
  receipt.order?.lines.forEach((l, i) => {
    q.set(`item_id_${i + 1}`, l.itemId);
    q.set(`item_price_${i + 1}`, toDecimalString(l.unitPrice));
    q.set(`item_quantity_${i + 1}`, String(l.quantity));
  });
  if (receipt.order?.totals.tax.minor) q.set('tax', toDecimalString(receipt.order.totals.tax));
  if (receipt.order?.totals.shippingHandling.minor) q.set('shipping_amt', toDecimalString(receipt.order.totals.shippingHandling));
  const url = `https://${subdomain}${PIXEL_PATH}?${q.toString()}`;
  const html = `<img src="${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" width="1" height="1" alt="" style="display:none" />`;
  return { ok: true, subdomain, url, html };
}
