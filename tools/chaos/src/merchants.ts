export type Crm = 'ontraport' | 'infusionsoft';
export const CRMS: readonly Crm[] = ['ontraport', 'infusionsoft'];

/**
 * One merchant of the run: the CRMs it runs on, and — for the two "revoked" merchants — the CRM
 * whose key was revoked after it was stored, so every command for it is a permanent failure that
 * must be parked (with the CRM's reason), never retried into a success or dropped.
 */
export interface ChaosMerchant {
  id: string;
  crms: Crm[];
  revoked?: Crm;
  /** Share of the steady load (relative weight). */
  weight: number;
  /** Takes imported orders from a channel partner as well as webhooks. */
  imports: boolean;
  webhook: { username: string; password: string };
  partner: { code: string; password: string };
  ontraport: { appId: string; apiKey: string };
  infusionsoft: { app: string; apiKey: string };
  adminToken?: string;
}

function merchant(id: string, crms: Crm[], options: { revoked?: Crm; weight?: number; imports?: boolean } = {}): ChaosMerchant {
  const slug = id.toLowerCase();
  return {
    id,
    crms,
    revoked: options.revoked,
    weight: options.weight ?? 10,
    imports: options.imports ?? false,
    webhook: { username: `cart-${slug}`, password: `webhook-secret-${slug}` },
    partner: { code: `CP${id}`, password: `partner-password-${slug}` },
    ontraport: { appId: `op-${slug}`, apiKey: `op-key-${slug}` },
    infusionsoft: { app: `is-${slug}`, apiKey: `is-key-${slug}` },
  };
}

/**
 * Two merchants on ONTRAPORT, two on Infusionsoft, two on both (one of each kind also importing
 * orders through a channel partner), and one revoked merchant per CRM taking a small share.
 */
export function chaosMerchants(): ChaosMerchant[] {
  return [
    merchant('OP1', ['ontraport'], { imports: true }),
    merchant('OP2', ['ontraport']),
    merchant('IS1', ['infusionsoft'], { imports: true }),
    merchant('IS2', ['infusionsoft']),
    merchant('BOTH1', ['ontraport', 'infusionsoft'], { imports: true }),
    merchant('BOTH2', ['ontraport', 'infusionsoft']),
    merchant('OPREVOKED', ['ontraport'], { revoked: 'ontraport', weight: 1 }),
    merchant('ISREVOKED', ['infusionsoft'], { revoked: 'infusionsoft', weight: 1 }),
  ];
}

/** The CRM items every order uses: in each Infusionsoft app's products and each importing merchant's catalog. */
export const ITEMS = [
  { itemId: 'BOOK-1', description: 'The Demo Book', price: 20 },
  { itemId: 'PEN-7', description: 'A pen', price: 3.5 },
];
