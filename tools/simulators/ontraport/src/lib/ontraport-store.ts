import type {
  SimAccountState,
  SimContact,
  SimCounters,
  SimProduct,
  SimPurchase,
  SimRequestRecord,
  SimTransaction,
} from './ontraport-simulator.types';

/** Bounds memory on long local runs; `counters.requests` keeps the full count. */
export const MAX_LOGGED_REQUESTS = 10_000;

/**
 * Invoice ids are numbered apart from transaction ids so a client that confuses the
 * `invoice_id` processManual returns with a transaction id (e.g. when refunding) fails visibly.
 */
const FIRST_INVOICE_ID = 1001;

const emptyCounters = (): SimCounters => ({ requests: 0, rateLimited: 0, failedInjected: 0, dropped: 0, lostResponses: 0 });

/** Everything one ONTRAPORT account holds. Plain data and id sequences; no HTTP, no validation. */
export class OntraportAccountStore {
  readonly contacts = new Map<number, SimContact>();
  readonly products = new Map<number, SimProduct>();
  readonly transactions = new Map<number, SimTransaction>();
  readonly purchases = new Map<number, SimPurchase>();
  readonly tagIds = new Map<string, number>();
  requests: SimRequestRecord[] = [];
  counters: SimCounters = emptyCounters();
  private nextContactId = 1;
  private nextProductId = 1;
  private nextTransactionId = 1;
  private nextInvoiceId = FIRST_INVOICE_ID;
  private nextPurchaseId = 1;
  private nextTagId = 1;

  constructor(
    readonly appId: string,
    public apiKey: string,
    public accountId: number,
  ) {}

  reset(): void {
    this.contacts.clear();
    this.products.clear();
    this.transactions.clear();
    this.purchases.clear();
    this.tagIds.clear();
    this.nextPurchaseId = 1;
    this.nextTagId = 1;
    this.requests = [];
    this.counters = emptyCounters();
    this.nextContactId = 1;
    this.nextProductId = 1;
    this.nextTransactionId = 1;
    this.nextInvoiceId = FIRST_INVOICE_ID;
  }

  logRequest(record: SimRequestRecord): void {
    this.requests.push(record);
    if (this.requests.length > MAX_LOGGED_REQUESTS) this.requests.shift();
  }

  addContact(contact: Omit<SimContact, 'id'>): SimContact {
    const created: SimContact = { id: this.nextContactId++, ...contact };
    this.contacts.set(created.id, created);
    return created;
  }

  /** ONTRAPORT merges on email case-insensitively; with duplicates (plain create allows them) the oldest wins. */
  findContactByEmail(email: string): SimContact | undefined {
    const wanted = email.trim().toLowerCase();
    if (wanted === '') return undefined;
    for (const contact of this.contacts.values()) {
      if (contact.email.toLowerCase() === wanted) return contact;
    }
    return undefined;
  }

  addProduct(product: Omit<SimProduct, 'id'>): SimProduct {
    const created: SimProduct = { id: this.nextProductId++, ...product };
    this.products.set(created.id, created);
    return created;
  }

  addTransaction(transaction: Omit<SimTransaction, 'id' | 'invoice_id'>): SimTransaction {
    const created: SimTransaction = { id: this.nextTransactionId++, invoice_id: this.nextInvoiceId++, ...transaction };
    this.transactions.set(created.id, created);
    return created;
  }

  addPurchase(purchase: Omit<SimPurchase, 'id' | 'refunded' | 'status' | 'refunds'>): SimPurchase {
    const created: SimPurchase = { id: this.nextPurchaseId++, refunded: 0, status: 'paid', refunds: [], ...purchase };
    this.purchases.set(created.id, created);
    return created;
  }

  /** ONTRAPORT creates a tag the first time a name is used. */
  tagId(name: string): number {
    const key = name.trim();
    let id = this.tagIds.get(key);
    if (id === undefined) {
      id = this.nextTagId++;
      this.tagIds.set(key, id);
    }
    return id;
  }

  snapshot(): SimAccountState {
    return structuredClone({
      appId: this.appId,
      accountId: this.accountId,
      contacts: [...this.contacts.values()],
      products: [...this.products.values()],
      transactions: [...this.transactions.values()],
      purchases: [...this.purchases.values()],
      tags: Object.fromEntries(this.tagIds),
      requests: this.requests,
      counters: this.counters,
    });
  }
}
