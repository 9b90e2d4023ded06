/** What a merchant chose, as the rules need it (secrets never reach the rules). */
export interface MerchantConfig {
  merchantId: string;
  ontraport?: {
    enabled: boolean;
    /** Cart item id → ONTRAPORT product name. */
    productNames: Record<string, string>;
  };
}
