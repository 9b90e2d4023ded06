export interface SimulatorAccountInput {
  appId: string;
  apiKey: string;
  accountId?: number;
}

export interface OntraportSimulatorOptions {
  /** 0 = ephemeral (default 0). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default [{ appId: 'demo-app', apiKey: 'demo-key' }]. */
  accounts?: SimulatorAccountInput[];
  /** Requests per rolling window per account, default 180. */
  rateLimit?: number;
  /** Rolling window length, default 60_000. */
  rateWindowMs?: number;
  /** Delay added before answering each API request, default 0. */
  latencyMs?: number;
  /** 0..100: that share of API requests answer 500 (plain text); deterministic when `seed` is given. */
  failPercent?: number;
  /** 0..100: that share of API requests have their socket destroyed without an answer. */
  dropPercent?: number;
  /**
   * 0..100: that share of API requests take effect, then have their socket destroyed without an
   * answer — a response lost on the way back (the caller cannot tell whether it happened).
   */
  lostPercent?: number;
  seed?: number;
}

export type SimulatorSwitches = Pick<
  OntraportSimulatorOptions,
  'latencyMs' | 'failPercent' | 'dropPercent' | 'lostPercent' | 'rateLimit' | 'rateWindowMs'
>;

export interface SimulatorConfig {
  rateLimit: number;
  rateWindowMs: number;
  latencyMs: number;
  failPercent: number;
  dropPercent: number;
  lostPercent: number;
  seed: number | null;
}

export interface OntraportSimulator {
  /** e.g. http://127.0.0.1:43211 */
  url: string;
  port: number;
  /** Closes the server and every open socket. */
  close(): Promise<void>;
  /** Same data as GET /__sim/state (a copy: mutating it changes nothing). */
  state(): SimulatorState;
  /** Clears every account's data, request log, counters and rate window; keeps accounts and switches. */
  reset(): void;
  configure(patch: Partial<SimulatorSwitches>): void;
  addAccount(a: SimulatorAccountInput): void;
}

export interface SimContact {
  id: number;
  email: string;
  firstname: string;
  lastname: string;
  owner: number;
  /** Every other posted field (custom fields `f####`, address, utm, …) as received. */
  fields: Record<string, string>;
  /** Tag ids (ONTRAPORT keeps them in `contact_cat` as `*\/*1*\/*2*\/*`). */
  tags: number[];
  /** Epoch seconds, as ONTRAPORT reports `date` and `dlm`. */
  date: number;
  dlm: number;
}

export interface SimProduct {
  id: number;
  name: string;
  price: number;
  /** Every other posted field (sku, description, …) as received. */
  fields: Record<string, string>;
  date: number;
  dlm: number;
}

export interface SimTransactionLine {
  id: number;
  quantity: number;
  /** Unit price used for the total (from `price[0].price`, else the product's catalog price). */
  price: number;
}

export type SimTransactionStatus = 'paid' | 'refunded';

export interface SimTransaction {
  id: number;
  contact_id: number;
  invoice_id: number;
  chargeNow: string;
  products: SimTransactionLine[];
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  status: SimTransactionStatus;
  external_order_id: string | null;
  /** Epoch milliseconds, as sent in `trans_date` (defaults to the time of the request). */
  trans_date: number;
  /** Epoch milliseconds of the refund, null while paid. */
  refunded_at: number | null;
  /** The JSON body of the processManual request, as parsed. */
  raw: Record<string, unknown>;
}

export type SimPurchaseStatus = 'paid' | 'partially refunded' | 'refunded';

/**
 * A purchase (object 17): one product bought by one contact. The legacy `sale` and `log_transaction`
 * create them directly; REST `processManual` creates one per offer line. Refunds (legacy `refund`,
 * with an optional partial amount; REST `transaction/refund` of the whole transaction) act on them.
 */
export interface SimPurchase {
  id: number;
  contact_id: number;
  product_id: number;
  /** The product's name when the purchase was logged. */
  name: string;
  quantity: number;
  /** Unit price charged. */
  price: number;
  /** Amount refunded so far (partial refunds add up; never more than price × quantity). */
  refunded: number;
  status: SimPurchaseStatus;
  /** Epoch seconds. */
  date: number;
  /** Which call created it. */
  source: 'sale' | 'log_transaction' | 'processManual';
  /** The REST transaction/invoice it belongs to (processManual only). */
  transaction_id: number | null;
  invoice_id: number | null;
  /** Every refund as it arrived (amount; null = full). */
  refunds: Array<{ amount: number | null; at: number }>;
}

export interface SimRequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased (as Node gives them); `api-key` replaced by '***'. */
  headers: Record<string, string>;
  /** Body as received (utf-8 text); '' when none. Truncated note when over the size limit. */
  body: string;
  /** Status answered; null when the socket was dropped on purpose. */
  status: number | null;
  /** ISO-8601 time the request was received. */
  time: string;
}

export interface SimCounters {
  /** Every API request received for the account, including 429s, injected faults and drops. */
  requests: number;
  rateLimited: number;
  failedInjected: number;
  dropped: number;
  /** Requests that took effect and whose answer was then dropped (`lostPercent`). */
  lostResponses: number;
}

export interface SimAccountState {
  appId: string;
  accountId: number;
  contacts: SimContact[];
  products: SimProduct[];
  transactions: SimTransaction[];
  purchases: SimPurchase[];
  /** Tag name → id (created on first use by name, through either API). */
  tags: Record<string, number>;
  requests: SimRequestRecord[];
  counters: SimCounters;
}

export interface SimulatorState {
  config: SimulatorConfig;
  /** Keyed by app id. */
  accounts: Record<string, SimAccountState>;
  /** API requests that did not authenticate (they belong to no account). */
  unauthenticated: SimRequestRecord[];
}
