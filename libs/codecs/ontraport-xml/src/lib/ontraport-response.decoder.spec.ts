import { codeOf } from './testing/codec-failure.test-helper';
import {
  decodeKeyResponse,
  decodePurchasesResponse,
  decodeResponse,
} from './ontraport-response.decoder';
import { OntraportContact, OntraportResult } from './ontraport-xml.types';

function ok(xml: string): OntraportResult {
  const response = decodeResponse(xml);
  if (!response.ok) {
    throw new Error(`expected ok, got failure ${response.failure}`);
  }
  return response.result;
}

const contactWith = (fields: string, id = '7'): OntraportContact =>
  ok(
    `<result><contact id="${id}"><Group_Tag name="G">${fields}</Group_Tag></contact></result>`,
  ).contacts[0];

const valueOf = (field: string): unknown =>
  contactWith(field).groups[0].fields[0].value;

describe('decodeResponse', () => {
  it('tolerates a leading byte-order mark', () => {
    expect(decodeResponse('\uFEFF<result>Success</result>')).toEqual({
      ok: true,
      result: { message: 'Success', contacts: [], products: [], others: [] },
    });
  });

  it.each([
    ['<result>failure</result>', 'failure'],
    [
      '<result>Failure: Invalid Contact ID</result>',
      'Failure: Invalid Contact ID',
    ],
    [
      '<result>\n  failure\n  <reason>No such purchase</reason>\n</result>',
      'failure No such purchase',
    ],
  ])('reports %s as a failure', (xml, failure) => {
    expect(decodeResponse(xml)).toEqual({ ok: false, failure });
  });

  it('does not take a result that merely mentions failure later for a failure', () => {
    expect(
      decodeResponse('<result>Success, no failure</result>'),
    ).toMatchObject({ ok: true, result: { message: 'Success, no failure' } });
  });

  describe('field values', () => {
    it.each([
      ['<field name="F" type="text">plain</field>', 'plain'],
      ['<field name="F" type="text">  spaced  </field>', '  spaced  '],
      ['<field name="F" type="text"></field>', null],
      ['<field name="F" type="text"/>', null],
      ['<field name="F">   </field>', null],
      ['<field name="F" type="list">*/*1*/*2*/*3*/*</field>', ['1', '2', '3']],
      ['<field name="F" type="list">*/*only*/*</field>', ['only']],
      ['<field name="F">a*/*b</field>', ['a', 'b']],
      ['<field name="F">$10.00</field>', 10],
      ['<field name="F">$0.99</field>', 0.99],
      ['<field name="F">$1,234,567.89</field>', 1234567.89],
      ['<field name="F">-$5.00</field>', -5],
      ['<field name="F">$-5.00</field>', -5],
      ['<field name="F">$ 7</field>', 7],
      ['<field name="F" type="price">$10.00</field>', 10],
      ['<field name="F" type="price">10.5</field>', 10.5],
      ['<field name="F" type="numeric">-3</field>', -3],
      ['<field name="F" type="text">$10.00</field>', '$10.00'],
      ['<field name="F">$1,23.00</field>', '$1,23.00'],
      ['<field name="F">02134</field>', '02134'],
      [
        '<field name="F" type="fulldate">1351753200</field>',
        new Date('2012-11-01T07:00:00Z'),
      ],
      [
        '<field name="F" type="timestamp"> 1366625710 </field>',
        new Date(1366625710 * 1000),
      ],
      ['<field name="F" type="FULLDATE">0</field>', null],
      ['<field name="F" type="fulldate"></field>', null],
      [
        '<field name="F" type="text">Caf&#233; &amp; Zoë 😀</field>',
        'Café & Zoë 😀',
      ],
    ])('%s → %p', (field, expected) => {
      expect(valueOf(field)).toEqual(expected);
    });

    it.each([
      '<field name="F" type="fulldate">yesterday</field>',
      '<field name="F" type="fulldate">-5</field>',
      '<field name="F" type="numeric">12abc</field>',
      '<field name="F" type="price">ten</field>',
      '<field name="F">-$-5.00</field>',
    ])('refuses %s', (field) => {
      expect(codeOf(() => valueOf(field))).toBe('ONTRAPORT_BAD_VALUE');
    });

    it('keeps the raw text and type next to the value', () => {
      expect(
        contactWith('<field name="Spent" type="price">$1,000.00</field>')
          .fields['Spent'],
      ).toEqual({
        name: 'Spent',
        type: 'price',
        raw: '$1,000.00',
        value: 1000,
      });
    });
  });

  describe('records', () => {
    it('indexes fields by name across groups, the first occurrence winning', () => {
      const contact = ok(
        '<result><contact id="1"><Group_Tag name="A"><field name="X">1</field></Group_Tag>' +
          '<Group_Tag name="B"><field name="X">2</field><field name="Y">3</field></Group_Tag></contact></result>',
      ).contacts[0];
      expect(Object.keys(contact.fields)).toEqual(['X', 'Y']);
      expect(contact.fields['X'].raw).toBe('1');
      expect(contact.groups.map((group) => group.fields.length)).toEqual([
        1, 2,
      ]);
    });

    it('keeps a field called __proto__ as data', () => {
      const contact = contactWith(
        '<field name="__proto__">x</field><field name="constructor">y</field>',
      );
      expect(Object.getPrototypeOf(contact.fields)).toBe(Object.prototype);
      expect(
        Object.getOwnPropertyDescriptor(contact.fields, '__proto__')?.value,
      ).toMatchObject({ raw: 'x' });
      expect(contact.fields['constructor']).toMatchObject({ raw: 'y' });
    });

    it('reads contacts: id, e-mail (either label), names, tags and sequences', () => {
      const contact = contactWith(
        '<field name="E-Mail">old@example.com</field><field name="First Name">Tim</field>' +
          '<field name="Contact Tags">Solo</field><field name="Sequences">*/*3*/*</field>',
        '260415',
      );
      expect(contact).toMatchObject({
        id: 260415,
        email: 'old@example.com',
        firstName: 'Tim',
        lastName: undefined,
        tags: ['Solo'],
        sequences: ['3'],
      });
    });

    it('prefers Email over E-Mail', () => {
      expect(
        contactWith(
          '<field name="E-Mail">old@x.com</field><field name="Email">new@x.com</field>',
        ).email,
      ).toBe('new@x.com');
    });

    it('reads products: name and price from "$" or plain text', () => {
      const { products } = ok(
        '<result><product id="3"><Group_Tag name="Product Details"><field name="Name">A</field><field name="Price">$1,250.50</field></Group_Tag></product>' +
          '<product id="4"><Group_Tag name="Product Details"><field name="Name">B</field><field name="Price">99.95</field></Group_Tag></product>' +
          '<product id="5"><Group_Tag name="Product Details"><field name="Name">C</field></Group_Tag></product></result>',
      );
      expect(
        products.map(({ id, name, price }) => ({ id, name, price })),
      ).toEqual([
        { id: 3, name: 'A', price: 1250.5 },
        { id: 4, name: 'B', price: 99.95 },
        { id: 5, name: 'C', price: undefined },
      ]);
    });

    it('refuses a product price it cannot read', () => {
      expect(
        codeOf(() =>
          decodeResponse(
            '<result><product id="3"><Group_Tag name="P"><field name="Price">call us</field></Group_Tag></product></result>',
          ),
        ),
      ).toBe('ONTRAPORT_BAD_VALUE');
    });

    it('allows a record without an id (the key template)', () => {
      expect(
        ok(
          '<result><contact><Group_Tag name="G"><field name="First Name" type="text"/></Group_Tag></contact></result>',
        ).contacts[0],
      ).toMatchObject({
        id: undefined,
        firstName: undefined,
        fields: { 'First Name': { type: 'text', raw: '', value: null } },
      });
    });

    it.each(['0', '-1', '1.5', '', '9007199254740993'])(
      'refuses the id %j',
      (id) => {
        expect(
          codeOf(() =>
            decodeResponse(`<result><contact id="${id}"/></result>`),
          ),
        ).toBe('ONTRAPORT_BAD_VALUE');
      },
    );

    it('keeps elements it does not model yet', () => {
      expect(
        ok('<result><purchase id="9">x</purchase></result>').others,
      ).toEqual([
        { name: 'purchase', attributes: { id: '9' }, children: ['x'] },
      ]);
    });
  });

  it('applies caller limits', () => {
    const xml =
      '<result><contact id="1"><Group_Tag name="G"><field name="F">x</field></Group_Tag></contact></result>';
    expect(codeOf(() => decodeResponse(xml, { limits: { maxDepth: 3 } }))).toBe(
      'XML_TOO_DEEP',
    );
    expect(
      codeOf(() => decodeResponse(xml, { limits: { maxElements: 3 } })),
    ).toBe('XML_TOO_MANY_ELEMENTS');
    expect(
      codeOf(() => decodeResponse(xml, { limits: { maxBytes: 50 } })),
    ).toBe('XML_TOO_LARGE');
    expect(
      decodeResponse(xml, { limits: { maxDepth: 4, maxElements: 4 } }).ok,
    ).toBe(true);
  });
});

describe('status, no results, purchases and templates', () => {
  it.each<[string, { ok: boolean; message?: string }]>([
    [
      '<result><status>Success</status></result>',
      { ok: true, message: 'Success' },
    ],
    ['<result><status>Failed</status></result>', { ok: false }],
    ['<result>Failed</result>', { ok: false }],
    ['\uFEFF 0 \n', { ok: true, message: '0' }],
    ['<result>0</result>', { ok: true, message: '0' }],
  ])('%j', (xml, expected) => {
    const response = decodeResponse(xml);
    expect(response.ok).toBe(expected.ok);
    if (response.ok) {
      expect(response.result.message).toBe(expected.message);
      expect(response.result.others).toEqual([]);
    }
  });

  it('reads purchases in a <purchases> wrapper under <result>, and both date forms', () => {
    const response = decodePurchasesResponse(
      '<result><purchases><purchase id="1" contact_id="2" product_id="3"><field name="Date">02-29-2024</field></purchase>' +
        '<purchase id="4"><field name="Date">0</field><field name="Price">$-5.00</field></purchase></purchases></result>',
    );
    expect(response).toMatchObject({
      ok: true,
      purchases: [
        {
          id: 1,
          contactId: 2,
          productId: 3,
          date: new Date('2024-02-29T00:00:00Z'),
        },
        { id: 4, contactId: undefined, date: undefined, price: -5 },
      ],
    });
  });

  it.each(['02-30-2024', '13-01-2024', '2024-02-29'])(
    'refuses the purchase date %j',
    (date) => {
      expect(
        codeOf(() =>
          decodePurchasesResponse(
            `<result><purchase id="1"><field name="Date">${date}</field></purchase></result>`,
          ),
        ),
      ).toBe('ONTRAPORT_BAD_VALUE');
    },
  );

  it('reads templates, ignoring the values a template does not have', () => {
    expect(
      decodeKeyResponse(
        '<result><contact id=""><Group_Tag name="G"><field name="Email" type="email">ignored</field></Group_Tag></contact><status>Success</status></result>',
      ),
    ).toEqual({
      ok: true,
      templates: [
        {
          object: 'contact',
          attributes: ['id'],
          groups: [{ name: 'G', fields: [{ name: 'Email', type: 'email' }] }],
          fields: [],
        },
      ],
    });
  });
});
