import { redact, redactText } from './redact';

describe('redact', () => {
  it('blanks secrets and keeps only the last four digits of a card, at any depth', () => {
    const out = redact({
      appid: 'demo-app',
      key: 'sekret',
      payment: { credit_card: { card_number: '4111 1111 1111 1111', cvv: '123' } },
      notes: ['card 4111-1111-1111-1111 used'],
      basic_password: 'pw',
    });
    expect(out).toEqual({
      appid: 'demo-app',
      key: '***',
      payment: { credit_card: { card_number: '****1111', cvv: '***' } },
      notes: ['card ****1111 used'],
      basic_password: '***',
    });
  });

  it('redacts form, JSON and XML text', () => {
    expect(redactText('appid=a1&key=s3cret&reqType=sale')).toBe('appid=a1&key=***&reqType=sale');
    expect(redactText('credentials.channelPartnerPassword=hunter2&order.creditCardNumber=4111111111111111')).toBe(
      'credentials.channelPartnerPassword=***&order.creditCardNumber=****1111',
    );
    expect(redactText('{"apiKey":"abc","ccnumber":"5555555555554444"}')).toBe('{"apiKey":"***","ccnumber":"****4444"}');
    expect(redactText('<methodCall><param><value><string>4111111111111111</string></value>')).toContain('****1111');
  });

  it('in JSON text, decides on the whole key, wherever the pair sits', () => {
    const body = JSON.stringify({ events: [{ order: { monkey: 'banana', key: 'k1', payment: { credit_card: { card_number: '4111-1111', card_verification_number: '123' } } } }] });
    expect(redactText(body)).toBe('{"events":[{"order":{"monkey":"banana","key":"***","payment":{"credit_card":{"card_number":"***","card_verification_number":"***"}}}}]}');
    expect(redactText('{"apiKey" : "x", "note": "say \\"password\\": no"}')).toBe('{"apiKey" : "***", "note": "say \\"password\\": no"}');
  });

  it('leaves order ids and amounts that are not card numbers alone', () => {
    expect(redactText('order DEMO-0009104420 total 1234567890123')).toBe('order DEMO-0009104420 total 1234567890123');
  });

  it('finds the same card numbers with its quick pre-check as the full scan alone (random digit runs, separators, Luhn-valid or not)', () => {
    // The scan without the pre-check, as redactText did it before.
    const scanOnly = (text: string) =>
      text.replace(/\b(?:\d[ -]?){12,18}\d\b/g, (m) => {
        const digits = m.replace(/\D/g, '');
        if (digits.length < 13 || digits.length > 19) return m;
        let sum = 0;
        for (let i = 0; i < digits.length; i++) {
          let d = Number(digits[digits.length - 1 - i]);
          if (i % 2 === 1 && (d *= 2) > 9) d -= 9;
          sum += d;
        }
        return sum % 10 === 0 ? `****${digits.slice(-4)}` : m;
      });
    const luhnCheckDigit = (payload: string) => {
      let sum = 0;
      for (let i = 0; i < payload.length; i++) {
        let d = Number(payload[payload.length - 1 - i]);
        if (i % 2 === 0 && (d *= 2) > 9) d -= 9;
        sum += d;
      }
      return String((10 - (sum % 10)) % 10);
    };
    let seed = 42;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    let cards = 0;
    for (let k = 0; k < 5_000; k++) {
      // 11–20 digits, every other run completed to a valid card number.
      let digits = '';
      for (let i = 10 + random(10); i > 0; i--) digits += String(random(10));
      if (k % 2 === 0) digits += luhnCheckDigit(digits);
      const text = `paid ${[...digits].map((d) => `${d}${(['', '', '', '', '', '', '', '', '', '', '', '', ' ', ' ', '-', '-', '  ', '--'] as const)[random(18)]}`).join('')} end`;
      expect(redactText(text)).toBe(scanOnly(text));
      if (scanOnly(text) !== text) cards++;
    }
    expect(cards).toBeGreaterThan(100);
  });
});
