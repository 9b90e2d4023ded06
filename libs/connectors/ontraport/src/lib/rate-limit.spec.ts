import { pauseFromAnswer, readRateHeaders } from './rate-limit';
import { allocateRefund } from './refund-allocation';

const headers = (h: Record<string, string>) => new Headers(h);

describe('rate headers', () => {
  it('reads X-Rate-Limit-* and ignores junk', () => {
    expect(readRateHeaders(headers({ 'X-Rate-Limit-Limit': '180', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Reset': '7' }))).toEqual({ limit: 180, remaining: 0, resetSeconds: 7 });
    expect(readRateHeaders(headers({ 'X-Rate-Limit-Remaining': 'soon' }))).toEqual({ limit: undefined, remaining: undefined, resetSeconds: undefined });
  });

  it('waits a 429 out for its reset (60 s without one), and the certain part of the reset when the window is used up', () => {
    expect(pauseFromAnswer(429, { resetSeconds: 7 })).toBe(7000);
    expect(pauseFromAnswer(429, {})).toBe(60_000);
    expect(pauseFromAnswer(200, { remaining: 0, resetSeconds: 7 })).toBe(6000);
    expect(pauseFromAnswer(200, { remaining: 3, resetSeconds: 7 })).toBe(0);
  });
});

describe('allocateRefund', () => {
  const purchases = [{ id: 1, totalMinor: 1000, refundedMinor: 400 }, { id: 2, totalMinor: 500, refundedMinor: 0 }];
  it('fills purchases in order, never beyond what is left on each', () => {
    expect(allocateRefund(purchases, 800)).toEqual([{ purchaseId: 1, amountMinor: 600, full: true }, { purchaseId: 2, amountMinor: 200, full: false }]);
  });
  it('refuses more than the sale has left, and non-positive amounts', () => {
    expect(() => allocateRefund(purchases, 1200)).toThrow(/1100 minor units left/);
    expect(() => allocateRefund(purchases, 0)).toThrow(RangeError);
  });
});
