import { expectRefused, failure } from './testing/codec-failure.test-helper';
import {
  encodeFailureResponse,
  encodeKeyResponse,
  encodeResponse,
  formatFieldOutput,
} from './ontraport-response.encoder';
import {
  formatDollars,
  parseDollars,
  parseEpochSeconds,
  parseMultiValue,
} from './ontraport-values';

describe('values to the wire', () => {
  it.each<[number, string]>([
    [10, '$10.00'],
    [0, '$0.00'],
    [0.99, '$0.99'],
    [1250.5, '$1,250.50'],
    [1234567.89, '$1,234,567.89'],
    [-5, '-$5.00'],
    [0.125, '$0.125'],
  ])('formatDollars(%p) → %s, and back', (amount, text) => {
    expect(formatDollars(amount)).toBe(text);
    expect(parseDollars(text)).toBe(amount);
  });

  it.each([NaN, Infinity, 1e21, 1e-7])('formatDollars refuses %p', (amount) => {
    expect(failure(() => formatDollars(amount)).code).toBe(
      'ONTRAPORT_BAD_INPUT',
    );
  });

  it.each<[string, Date | null]>([
    ['1351753200', new Date('2012-11-01T07:00:00Z')],
    [' 0 ', null],
    ['', null],
  ])('parseEpochSeconds(%j)', (text, date) => {
    expect(parseEpochSeconds(text)).toEqual(date);
  });

  it.each(['-1', '1.5', '2012-11-01', '99999999999999999'])(
    'parseEpochSeconds refuses %j',
    (text) => {
      expect(failure(() => parseEpochSeconds(text)).code).toBe(
        'ONTRAPORT_BAD_VALUE',
      );
    },
  );

  it.each<[string, string[]]>([
    ['*/*3*/*8*/*', ['3', '8']],
    ['a*/*b', ['a', 'b']],
    ['Solo', ['Solo']],
    ['', []],
  ])('parseMultiValue(%j)', (text, items) => {
    expect(parseMultiValue(text)).toEqual(items);
  });

  it.each<
    [Parameters<typeof formatFieldOutput>[0], string | undefined, string]
  >([
    [1250.5, 'price', '$1,250.50'],
    [1250.5, undefined, '$1,250.50'],
    [3, 'numeric', '3'],
    [new Date('2012-11-01T07:00:00.900Z'), 'timestamp', '1351753200'],
    [['3', '8'], 'list', '*/*3*/*8*/*'],
    [null, 'text', ''],
    ['plain', 'text', 'plain'],
  ])('formatFieldOutput(%p, %p) → %j', (value, type, text) => {
    expect(formatFieldOutput(value, type)).toBe(text);
  });
});

describe('encodeResponse', () => {
  it('writes the sale response of the official page', () => {
    expect(
      encodeResponse({
        purchases: [
          {
            contactId: 12345,
            productId: 1,
            id: 1234,
            fieldList: [
              { name: 'Name', value: 'Product 1' },
              { name: 'Price', value: 10 },
              { name: 'Quantity', type: 'numeric', value: 1 },
            ],
          },
        ],
        status: 'Success',
      }),
    ).toBe(
      '<result><purchases contact_id="12345" product_id="1" id="1234">' +
        '<field name="Name">Product 1</field><field name="Price">$10.00</field>' +
        '<field name="Quantity" type="numeric">1</field></purchases><status>Success</status></result>',
    );
  });

  it('writes contacts and products with their groups, escaping text and names', () => {
    expect(
      encodeResponse({
        message: 'Success',
        contacts: [
          {
            id: 7,
            groups: [
              {
                name: 'Contact Information',
                fields: [
                  { name: 'Company', type: 'text', value: 'A & <B>' },
                  { name: 'Last Activity', type: 'fulldate', value: null },
                ],
              },
            ],
          },
        ],
        products: [{ groups: [] }],
      }),
    ).toBe(
      '<result>Success<contact id="7"><Group_Tag name="Contact Information">' +
        '<field name="Company" type="text">A &amp; &lt;B&gt;</field>' +
        '<field name="Last Activity" type="fulldate"/></Group_Tag></contact><product></product></result>',
    );
  });

  it.each<[string, () => unknown, string]>([
    [
      'an id of 0',
      () => encodeResponse({ contacts: [{ id: 0, groups: [] }] }),
      'contacts[0].id',
    ],
    [
      'a control character',
      () =>
        encodeResponse({
          products: [
            {
              groups: [
                { name: 'G', fields: [{ name: 'F', value: 'a\u0000' }] },
              ],
            },
          ],
        }),
      'products[0].groups[0].F',
    ],
    [
      'a number that needs an exponent',
      () =>
        encodeResponse({
          products: [
            {
              groups: [
                {
                  name: 'G',
                  fields: [{ name: 'N', type: 'numeric', value: 1e21 }],
                },
              ],
            },
          ],
        }),
      'products[0].groups[0].N',
    ],
    [
      'an unknown purchase element',
      () => encodeResponse({ purchaseElement: 'sale' as 'purchase' }),
      'purchaseElement',
    ],
  ])('refuses %s', (_, run, path) => {
    expectRefused(run, path);
  });
});

describe('encodeFailureResponse / encodeKeyResponse', () => {
  it.each<[string | undefined, 'failure' | 'status', string]>([
    [undefined, 'failure', '<result>failure</result>'],
    [
      'Invalid Contact ID',
      'failure',
      '<result>failure Invalid Contact ID</result>',
    ],
    [undefined, 'status', '<result><status>Failed</status></result>'],
    [
      'No & such',
      'status',
      '<result><status>Failed</status><error>No &amp; such</error></result>',
    ],
  ])('%p in the %s form', (detail, form, xml) => {
    expect(encodeFailureResponse(detail, form)).toBe(xml);
  });

  it('writes the product key template of the official page', () => {
    expect(
      encodeKeyResponse([
        {
          object: 'product',
          attributes: ['id'],
          groups: [
            {
              name: 'Product Details',
              fields: [{ name: 'Name', type: 'text' }],
            },
          ],
          fields: [],
        },
        {
          object: 'purchases',
          attributes: ['contact_id', 'product_id', 'id'],
          groups: [],
          fields: [
            { name: 'Date', type: 'timestamp' },
            { name: 'Untyped', type: undefined },
          ],
        },
      ]),
    ).toBe(
      '<result><product id=""><Group_Tag name="Product Details"><field name="Name" type="text"/></Group_Tag></product>' +
        '<purchases contact_id="" product_id="" id=""><field name="Date" type="timestamp"/><field name="Untyped"/></purchases></result>',
    );
  });

  it('refuses a template object that is not an element name', () => {
    expect(
      failure(() =>
        encodeKeyResponse([
          { object: 'a b', attributes: [], groups: [], fields: [] },
        ]),
      ).path,
    ).toBe('templates[0].object');
  });
});
