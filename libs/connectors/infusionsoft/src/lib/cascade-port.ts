import type { XmlRpcInput } from '@hub/codecs-xml-rpc';

/** Kinds of Infusionsoft rows whose id the connector remembers by name, per app. */
export type RememberedKind = 'tag' | 'product' | 'lead-source' | 'category';

/**
 * Progress of one command, stored with its idempotency key, so a retry continues where the last
 * attempt stopped instead of starting over. It is written when the command ends (delivered, or
 * given back after a failure) and in between only where a crash must not lose it: see `saveProgress`.
 */
export interface CascadeProgress {
  contactId?: number;
  /** Action sets already run, goals already achieved ("integration/callName"). */
  actionSetsRun?: number[];
  goalsAchieved?: string[];
  invoiceId?: number;
  jobId?: number;
  /** placeOrder only: the newest invoice id before the first attempt, to recognise ours after a lost answer. */
  invoicesBefore?: number;
  /** Order lines added so far (in command order). */
  linesAdded?: number;
  paymentAdded?: boolean;
  customFieldsSet?: boolean;
  /** Cart item id → Infusionsoft product id, for the lines that resolved. */
  productIds?: Record<string, number>;
  /** Items that were not sent because no product matched (the log says which). */
  unmatchedItems?: string[];
  /** Items whose remembered product was refused once and looked up again (only once each). */
  productsLookedUpAgain?: string[];
}

/**
 * What the cascades need from the outside world. The connector app implements it with real
 * HTTP (rate-limited, recorded, redacted) and PostgreSQL; the key parameter is added by `call`.
 */
export interface CascadePort {
  /** One XML-RPC call; throws an error that says whether a retry can help. `what` is for the transmission log. */
  call<T = unknown>(method: string, params: XmlRpcInput[], what: string): Promise<T>;
  progress: CascadeProgress;
  /**
   * Persists `progress` now, before the cascade goes on. Needed only where a retry after a crash
   * could neither repeat the step harmlessly nor find out that it happened: after running an action
   * set or achieving a goal, before placing an order (the newest invoice id it is recognised by),
   * and once the order's `Job` exists (shipments read its id). Every other step is either safe to
   * repeat (contact by email, tags, custom fields) or looked for before it is made again when
   * `mayRepeat` (invoice by description, lines counted, payment, placed order); `progress` reaches
   * the database with the command's end (delivered, or given back after a failure).
   */
  saveProgress(): Promise<void>;
  /** An earlier attempt may have changed Infusionsoft before failing (or dying): look before creating. */
  mayRepeat: boolean;
  rememberedId(kind: RememberedKind, name: string): Promise<number | undefined>;
  rememberId(kind: RememberedKind, name: string, id: number): Promise<void>;
  /** The remembered id turned out stale (the row was deleted in Infusionsoft). */
  forgetId(kind: RememberedKind, name: string): Promise<void>;
  /**
   * Runs `work` for one key at a time (in this process), so concurrent orders that need the same
   * new tag create it once instead of each creating its own.
   */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T>;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** The fault Infusionsoft answers for an id that does not exist (any more). */
export function isRecordNotFound(err: unknown): boolean {
  return (err as { code?: unknown })?.code === 'INFUSIONSOFT_FAULT_RECORD_NOT_FOUND';
}

/** A fault that no retry can fix, raised by the cascade itself (e.g. a product missing from a placeOrder). */
export class CascadeRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
