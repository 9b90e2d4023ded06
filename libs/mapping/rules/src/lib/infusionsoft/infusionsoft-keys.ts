/**
 * Idempotency keys of `crm.infusionsoft.*` commands. Stable for the same event, so a redelivered or
 * replanned event maps to the same key and the connector creates nothing twice.
 */
export const infusionsoftKeys = {
  order: (merchantId: string, orderId: string) => `infusionsoft:order:${merchantId}:${orderId}`,
  /** A new shipment fact (another tracking number, a delivery date) is a new key; the same one is not. */
  shipment: (merchantId: string, orderId: string, fields: Record<string, string>) =>
    `infusionsoft:shipment:${merchantId}:${orderId}:${fingerprint(fields)}`,
  abandonedCart: (merchantId: string, cartId: string) => `infusionsoft:abandoned-cart:${merchantId}:${cartId}`,
  affiliate: (merchantId: string, affiliateId: string, approved: boolean) =>
    `infusionsoft:affiliate:${merchantId}:${affiliateId}:${approved ? 'approved' : 'pending'}`,
};

/** FNV-1a over the sorted fields: short, stable, dependency-free (the rules are pure). */
function fingerprint(fields: Record<string, string>): string {
  const text = Object.keys(fields)
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('\n');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
