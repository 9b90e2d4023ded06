import { channelPartnerOrderFixture } from '@hub/testing';

/** Request bodies for the benchmark: a new valid ChannelPartnerOrder each time, and refused ones. */
export const BENCH_CATALOG_CSV = 'item_id,description,price,currency,physical\nEBOOK,An e-book,9.50,USD,N\nBOOK,A book,25.00,USD,Y\n';

export class OrderFactory {
  private n = 0;

  constructor(private readonly runId: string) {}

  /** A digital item paid by the sandbox's approving Visa: validated, charged, stored, cascaded. */
  valid(): string {
    const id = `${this.runId}-${++this.n}`;
    return JSON.stringify(channelPartnerOrderFixture(id, { email: `buyer${this.n}@example.com`, items: [{ merchant_item_id: 'EBOOK', quantity: 2 }] }));
  }

  /** Five problems at once (a bad card, a missing name, an unknown item, a bad quantity, a long custom field). */
  rejected(): string {
    const order = JSON.parse(this.valid()) as Record<string, unknown>;
    return JSON.stringify({
      ...order,
      credit_card_number: '4111111111111112',
      billto_first_name: '',
      custom_field1: 'x'.repeat(60),
      items: [{ merchant_item_id: 'GHOST', quantity: 0 }],
    });
  }
}
