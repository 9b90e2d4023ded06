import { pickPattern, topicMatches } from './topic-matcher';

describe('topicMatches', () => {
  it.each([
    ['cart.order.placed.v1', 'cart.order.placed.v1', true],
    ['cart.*.placed.v1', 'cart.order.placed.v1', true],
    ['cart.*', 'cart.order.placed.v1', false],
    ['cart.#', 'cart.order.placed.v1', true],
    ['cart.#', 'cart', true],
    ['#', 'anything.at.all', true],
    ['crm.ontraport.#', 'crm.infusionsoft.sale.v1', false],
    ['audit.#.v1', 'audit.transmission.recorded.v1', true],
    ['audit.#.v1', 'audit.transmission.recorded.v2', false],
  ])('%s ~ %s → %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });

  it('prefers the exact pattern, then the most specific', () => {
    const patterns = ['cart.#', 'cart.order.*.v1', 'cart.order.placed.v1'];
    expect(pickPattern(patterns, 'cart.order.placed.v1')).toBe('cart.order.placed.v1');
    expect(pickPattern(patterns, 'cart.order.refunded.v1')).toBe('cart.order.*.v1');
    expect(pickPattern(patterns, 'cart.item.created.v1')).toBe('cart.#');
    expect(pickPattern(patterns, 'crm.x')).toBeUndefined();
  });
});
