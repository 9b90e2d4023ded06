import { cardDigits } from './card';

/** What is sent to a gateway: a card (number, expiry, CVV), a token, or an earlier authorization to capture. */
export type PaymentInstrument =
  | { kind: 'card'; number: string; expirationMonth: number; expirationYear: number; cvv?: string }
  | { kind: 'token'; token: string }
  | { kind: 'authorization'; reference: string; amountMinor: number };

export interface PaymentRequest {
  merchantId: string;
  orderId: string;
  amountMinor: number;
  currency: string;
  instrument: PaymentInstrument;
  /** Passed on to gateways that support it (order.considerRecurring). */
  recurring: boolean;
  gatewayCode?: string;
}

export type PaymentResult = { approved: true; transactionId: string } | { approved: false; reason: string };

/** The port a card is processed through. The hub ships the sandbox; a real gateway plugs in here. */
export interface PaymentGateway {
  charge(request: PaymentRequest): Promise<PaymentResult>;
  /** Releases an approved charge that will not be kept (a concurrent duplicate of the same order won). */
  void(transactionId: string): Promise<void>;
}

/**
 * Sandbox card numbers (the usual gateway test numbers): these approve, the DECLINING ones decline
 * with their reason; any other valid number approves. Tokens starting `tok_decline` decline; an
 * authorization reference starting `DECLINE` fails to capture.
 */
export const SANDBOX_CARDS = {
  approve: { Visa: '4111111111111111', MasterCard: '5555555555554444', AMEX: '378282246310005', Discover: '6011111111111117' },
  decline: { '4000000000000002': 'card declined', '4000000000009995': 'insufficient funds', '5105105105105100': 'card declined' } as Record<string, string>,
} as const;

export class SandboxPaymentGateway implements PaymentGateway {
  private seq = 0;
  readonly voided: string[] = [];

  async void(transactionId: string): Promise<void> {
    this.voided.push(transactionId);
  }

  async charge(request: PaymentRequest): Promise<PaymentResult> {
    const i = request.instrument;
    const reason =
      i.kind === 'card'
        ? (SANDBOX_CARDS.decline[cardDigits(i.number)] ?? (expired(i.expirationMonth, i.expirationYear) ? 'card expired' : undefined))
        : i.kind === 'token'
          ? i.token.startsWith('tok_decline') ? 'card declined' : undefined
          : i.reference.startsWith('DECLINE') ? 'authorization could not be captured' : undefined;
    if (reason) return { approved: false, reason };
    return { approved: true, transactionId: `sandbox-${Date.now().toString(36)}-${(++this.seq).toString(36)}` };
  }
}

function expired(month: number, year: number, now = new Date()): boolean {
  return year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1);
}
