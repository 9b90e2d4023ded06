import { SandboxPaymentGateway, SANDBOX_CARDS } from './payment-gateway';
import { decideCancel, planStage, stageAfterPayment } from './stages';

describe('stages', () => {
  const card = { paymentMethod: 'Credit Card' as const };
  it.each([
    [{ ...card, storeCompleted: true, skipPaymentProcessing: true }, 'Completed Order'],
    [{ ...card, skipPaymentProcessing: true }, 'Shipping Department'],
    [{ ...card, noRealtimePaymentProcessing: true }, 'Accounts Receivable'],
    [{ paymentMethod: 'Purchase Order' as const, autoApprovePurchaseOrder: true }, 'Shipping Department'],
    [{ paymentMethod: 'Purchase Order' as const }, 'Accounts Receivable'],
    [{ paymentMethod: 'Wire Transfer' as const }, 'Accounts Receivable'],
  ])('%j lands in %s without a charge', (order, stage) => {
    expect(planStage(order)).toMatchObject({ charge: false, stage });
  });

  it('a card with no flags is charged', () => {
    expect(planStage(card)).toEqual({ charge: true });
  });

  it('an approved card ships; a decline is stored in Accounts Receivable only when asked', () => {
    expect(stageAfterPayment(true, false)).toEqual({ stage: 'Shipping Department', paymentStatus: 'Processed' });
    expect(stageAfterPayment(false, true)).toEqual({ stage: 'Accounts Receivable', paymentStatus: 'Declined' });
    expect(stageAfterPayment(false, undefined)).toBeUndefined();
  });

  it.each([
    ['Completed Order', false, 'Order has already been completed.'],
    ['Rejected', false, 'Order has already been rejected.'],
    ['Shipping Department', true, 'Order has already shipped.'],
  ])('cancel refuses %s (shipped %s)', (stage, shipped, error) => {
    expect(decideCancel(stage, shipped)).toEqual({ cancel: false, error });
  });

  it.each(['Accounts Receivable', 'Pre-ordered', 'Quote Sent', 'Quote Request', 'Fraud Review', 'Shipping Department'])('cancel rejects an unshipped order in %s', (stage) => {
    expect(decideCancel(stage, false)).toEqual({ cancel: true });
  });
});

describe('sandbox payment gateway', () => {
  const gateway = new SandboxPaymentGateway();
  const charge = (instrument: Parameters<SandboxPaymentGateway['charge']>[0]['instrument']) =>
    gateway.charge({ merchantId: 'M', orderId: 'M-1', amountMinor: 100, currency: 'USD', instrument, recurring: false });
  const card = (number: string, year = 2031) => ({ kind: 'card' as const, number, expirationMonth: 12, expirationYear: year });

  it.each(Object.entries(SANDBOX_CARDS.approve))('approves the %s test number', async (_brand, number) => {
    expect(await charge(card(number))).toMatchObject({ approved: true });
  });

  it.each(Object.entries(SANDBOX_CARDS.decline))('declines %s: %s', async (number, reason) => {
    expect(await charge(card(number))).toEqual({ approved: false, reason });
  });

  it('declines an expired card, a declining token and an authorization it cannot capture', async () => {
    expect(await charge(card('4111111111111111', 2020))).toEqual({ approved: false, reason: 'card expired' });
    expect(await charge({ kind: 'token', token: 'tok_decline_1' })).toMatchObject({ approved: false });
    expect(await charge({ kind: 'token', token: 'tok_visa' })).toMatchObject({ approved: true });
    expect(await charge({ kind: 'authorization', reference: 'DECLINE-1', amountMinor: 100 })).toMatchObject({ approved: false });
    expect(await charge({ kind: 'authorization', reference: '601234', amountMinor: 100 })).toMatchObject({ approved: true });
  });
});
