import { parseInfusionsoftSettings } from './infusionsoft-settings';

const fieldsWrong = (input: unknown): string[] => {
  const r = parseInfusionsoftSettings(input);
  return r.ok ? [] : [...new Set(r.problems.map((p) => p.field))].sort();
};

describe('InfusionsoftSettings', () => {
  it('fills every sub-object with its defaults when it is left out', () => {
    const r = parseInfusionsoftSettings({});
    expect(r.ok).toBe(true);
    if (r.ok) {
      for (const sub of [r.settings.abandonedCart, r.settings.affiliate, r.settings.customOrderFields, r.settings.shippingFields]) {
        expect(sub).toBeInstanceOf(Object);
        expect(Array.isArray(sub)).toBe(false);
      }
      expect(r.settings).toMatchObject({ goals: [], salesRepOwners: [], productTags: [], productActionSets: [] });
    }
  });

  it('refuses a list, null or text where one object goes (a list was stored as the settings object)', () => {
    expect(fieldsWrong({ abandonedCart: [], affiliate: [], customOrderFields: [], shippingFields: [] })).toEqual([
      'abandonedCart',
      'affiliate',
      'customOrderFields',
      'shippingFields',
    ]);
    expect(fieldsWrong({ abandonedCart: null, shippingFields: 'x' })).toEqual(['abandonedCart', 'shippingFields']);
  });

  it('refuses a list element that is a list (it was read as an element with no fields and stored)', () => {
    expect(fieldsWrong({ goals: [[]], salesRepOwners: [[]], productTags: [[]], productActionSets: [[]] })).toEqual([
      'goals',
      'productActionSets',
      'productTags',
      'salesRepOwners',
    ]);
  });

  it('still names the field inside a nested object', () => {
    expect(fieldsWrong({ goals: [{ trigger: 'weather', value: 'x', integration: 'shop', callName: 'bought' }] })).toEqual(['goals.0.trigger']);
  });
});
