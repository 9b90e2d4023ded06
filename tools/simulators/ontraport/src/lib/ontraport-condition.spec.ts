import { ConditionError, matchesCondition, parseCondition } from './ontraport-condition';

const term = (field: string, op: string, value: unknown): Record<string, unknown> => ({
  field: { field },
  op,
  value: { value },
});

const rows = [
  { id: '1', name: 'My Product', price: '47.00', sku: null },
  { id: '2', name: 'Another product', price: '5.00', sku: 'A-2' },
  { id: '3', name: '100% Cotton_Tee', price: '12.50', sku: '' },
];

const ids = (condition: unknown[]): string[] =>
  rows.filter((r) => matchesCondition(r, parseCondition(JSON.stringify(condition)))).map((r) => r.id as string);

describe('ONTRAPORT condition', () => {
  it.each<[string, unknown[], string[]]>([
    ['= is case-insensitive', [term('name', '=', 'my product')], ['1']],
    ['<> excludes', [term('id', '<>', 1)], ['2', '3']],
    ['> compares numbers as numbers', [term('price', '>', '9')], ['1', '3']],
    ['<= with a number value', [term('price', '<=', 12.5)], ['2', '3']],
    ['LIKE with %', [term('name', 'LIKE', '%product')], ['1', '2']],
    ['LIKE with _', [term('id', 'like', '_')], ['1', '2', '3']],
    ['LIKE escapes', [term('name', 'LIKE', '100\\% Cotton\\_%')], ['3']],
    ['IS NULL treats empty as null', [term('sku', 'IS', null)], ['1', '3']],
    ['IS NOT NULL', [term('sku', 'IS', 'NOT NULL')], ['2']],
    ['IN', [{ field: { field: 'id' }, op: 'IN', value: { list: [{ value: 1 }, { value: '3' }] } }], ['1', '3']],
    ['NOT IN', [{ field: { field: 'id' }, op: 'NOT IN', value: { list: [{ value: 1 }] } }], ['2', '3']],
    ['unknown field never equals', [term('colour', '=', 'red')], []],
    ['AND', [term('name', 'LIKE', '%product%'), 'AND', term('price', '<', 10)], ['2']],
    ['AND binds tighter than OR', [term('id', '=', 3), 'OR', term('id', '=', 1), 'AND', term('price', '<', 10)], ['3']],
    ['empty list matches all', [], ['1', '2', '3']],
  ])('%s', (_label, condition, expected) => {
    expect(ids(condition)).toEqual(expected);
  });

  it.each([
    ['not JSON', '[{'],
    ['unknown operator', JSON.stringify([term('id', '~', 1)])],
    ['missing field', JSON.stringify([{ op: '=', value: { value: 1 } }])],
    ['missing join', JSON.stringify([term('id', '=', 1), term('id', '=', 2)])],
    ['dangling join', JSON.stringify([term('id', '=', 1), 'AND'])],
    ['IN without list', JSON.stringify([term('id', 'IN', 1)])],
  ])('refuses %s', (_label, text) => {
    expect(() => parseCondition(text)).toThrow(ConditionError);
  });
});
