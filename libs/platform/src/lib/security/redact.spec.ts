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
});
