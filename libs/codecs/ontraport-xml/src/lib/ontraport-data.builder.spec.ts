/**
 * The builders against the verbatim `data` examples of reference A.1 (official ONTRAPORT examples,
 * quote style as published): first the exact string we send, then XML equivalence with the example.
 */
import { expectRefused, failure } from './testing/codec-failure.test-helper';
import {
  buildContactAddXml,
  buildContactIdsXml,
  buildContactSearchByEmailXml,
  buildContactsUpdateXml,
  buildContactTagsXml,
  buildContactXml,
} from './contacts-data.builder';
import { buildSearchXml } from './ontraport-data.builder';
import {
  buildDeletePurchaseXml,
  buildLogTransactionData,
  buildProductAddXml,
  buildProductFetchXml,
  buildProductUpdateXml,
  buildPurchaseHistoryXml,
  buildRefundXml,
  buildSaleXml,
} from './products-data.builder';
import { parseXml, XmlChild } from '@hub/codecs-xml-core';

/** A `data` fragment as a tree, blank text between elements ignored, so quote style and layout do not matter. */
function tree(fragment: string): XmlChild[] {
  const strip = (children: readonly XmlChild[]): XmlChild[] =>
    children
      .filter((child) => typeof child !== 'string' || child.trim() !== '')
      .map((child) =>
        typeof child === 'string'
          ? child
          : { ...child, children: strip(child.children) },
      );
  return strip(parseXml(`<data>${fragment}</data>`).children);
}

describe('pdata.php data', () => {
  it('sale', () => {
    const xml = buildSaleXml({ contactId: 12345, productId: 1, price: 10 });
    expect(xml).toBe(
      '<purchases contact_id="12345" product_id="1"/><field name="Price">10.00</field>',
    );
    expect(tree(xml)).toEqual(
      tree(
        `<purchases contact_id="12345" product_id='1' /><field name="Price">10.00</field>`,
      ),
    );
  });

  it('sale without overrides, and with other override fields', () => {
    expect(buildSaleXml({ contactId: 5, productId: 6 })).toBe(
      '<purchases contact_id="5" product_id="6"/>',
    );
    expect(
      buildSaleXml({
        contactId: 5,
        productId: 6,
        overrides: { Name: 'Gift & Card' },
      }),
    ).toBe(
      '<purchases contact_id="5" product_id="6"/><field name="Name">Gift &amp; Card</field>',
    );
  });

  it('partial refund', () => {
    const xml = buildRefundXml({ purchaseId: 1234, amount: '5.00' });
    expect(xml).toBe('<purchases id="1234"><refund>5.00</refund></purchases>');
    expect(tree(xml)).toEqual(
      tree(`<purchases id='1234'><refund>5.00</refund></purchases>`),
    );
  });

  it('full refund leaves <refund> out', () => {
    expect(buildRefundXml({ purchaseId: 1234 })).toBe('<purchases id="1234"/>');
  });

  it('delete', () => {
    const xml = buildDeletePurchaseXml({ purchaseId: 4178 });
    expect(xml).toBe('<purchases id="4178"/>');
    expect(tree(xml)).toEqual(tree(`<purchases id='4178' />`));
  });

  it('add', () => {
    const xml = buildProductAddXml({ name: 'New Product', price: 250 });
    expect(xml).toBe(
      '<product><Group_Tag name="Product Details"><field name="Name">New Product</field><field name="Price">250.00</field></Group_Tag></product>',
    );
    expect(tree(xml)).toEqual(
      tree(
        '<product><Group_Tag name="Product Details"><field name="Name">New Product</field><field name="Price">250.00</field></Group_Tag></product>',
      ),
    );
  });

  it('update', () => {
    const xml = buildProductUpdateXml({ id: 2, name: 'Name', price: '250.00' });
    expect(tree(xml)).toEqual(
      tree(
        '<product id="2"><Group_Tag name="Product Details"><field name="Name">Name</field><field name="Price">250.00</field></Group_Tag></product>',
      ),
    );
    expect(buildProductUpdateXml({ id: 2, price: 9.5 })).toBe(
      '<product id="2"><Group_Tag name="Product Details"><field name="Price">9.50</field></Group_Tag></product>',
    );
  });

  it('fetch', () => {
    expect(buildProductFetchXml([1, 2])).toBe(
      '<product_id>1</product_id><product_id>2</product_id>',
    );
  });

  it('search', () => {
    const xml = buildSearchXml([{ field: 'Price', op: 'e', value: '150.00' }]);
    expect(xml).toBe(
      '<search><equation><field>Price</field><op>e</op><value>150.00</value></equation></search>',
    );
  });

  it('search with several equations (AND) and several values (comma separated)', () => {
    expect(
      buildSearchXml([
        { field: 'Price', op: 'h', value: 10 },
        { field: 'Name', op: 'c', value: ['Gold', 'Silver <plus>'] },
      ]),
    ).toBe(
      '<search><equation><field>Price</field><op>h</op><value>10</value></equation>' +
        '<equation><field>Name</field><op>c</op><value>Gold,Silver &lt;plus&gt;</value></equation></search>',
    );
  });

  it('purchase_history (without the typo of the example)', () => {
    const xml = buildPurchaseHistoryXml({
      startDate: new Date(1351753200 * 1000),
      endDate: new Date(1354176000 * 1000 + 999),
      productIds: [1, 2],
      quantity: 2,
    });
    expect(xml).toBe(
      '<purchase_history><start_date>1351753200</start_date><end_date>1354176000</end_date><product_id>1,2</product_id><quantity>2</quantity></purchase_history>',
    );
  });

  it('log_transaction is JSON, byte for byte the official example', () => {
    expect(
      buildLogTransactionData({
        contactId: 123456,
        date: new Date(1366625710 * 1000),
        products: [
          { productId: 6, quantity: 2, externalId: 13, price: 275 },
          { productId: 13 },
        ],
      }),
    ).toBe(
      '{"contact_id":123456,"date":1366625710,"products":[{"product_id":6,"quantity":2,"external_id":13,"price":275},{"product_id":13}]}',
    );
  });

  describe('amounts', () => {
    it.each<[number | string, string]>([
      [10, '10.00'],
      [0.1 + 0.2, '0.30'],
      [1234.5, '1234.50'],
      ['7', '7.00'],
      ['7.5', '7.50'],
      [' 7.05 ', '7.05'],
    ])('%p → %s', (amount, text) => {
      expect(buildSaleXml({ contactId: 1, productId: 1, price: amount })).toBe(
        `<purchases contact_id="1" product_id="1"/><field name="Price">${text}</field>`,
      );
    });

    it.each<[string, () => unknown, string]>([
      [
        'a third decimal',
        () => buildSaleXml({ contactId: 1, productId: 1, price: 10.005 }),
        'price',
      ],
      [
        'a negative price',
        () => buildSaleXml({ contactId: 1, productId: 1, price: -1 }),
        'price',
      ],
      ['NaN', () => buildProductAddXml({ name: 'x', price: NaN }), 'price'],
      [
        'a formatted string',
        () => buildProductAddXml({ name: 'x', price: '$10' }),
        'price',
      ],
      [
        'a zero refund',
        () => buildRefundXml({ purchaseId: 1, amount: 0 }),
        'amount',
      ],
    ])('refuses %s', (_, run, path) => {
      const error = failure(run);
      expect(error.code).toBe('ONTRAPORT_BAD_INPUT');
      expect(error.path).toBe(path);
    });
  });

  it.each<[string, () => unknown, string]>([
    [
      'a zero contact id',
      () => buildSaleXml({ contactId: 0, productId: 1 }),
      'contactId',
    ],
    [
      'a fractional product id',
      () => buildSaleXml({ contactId: 1, productId: 1.5 }),
      'productId',
    ],
    [
      'Price twice',
      () =>
        buildSaleXml({
          contactId: 1,
          productId: 1,
          price: 1,
          overrides: { Price: 2 },
        }),
      'overrides.Price',
    ],
    ['no products to fetch', () => buildProductFetchXml([]), 'productIds'],
    [
      'a bad id among several',
      () => buildProductFetchXml([1, -2]),
      'productIds[1]',
    ],
    [
      'an empty product name',
      () => buildProductAddXml({ name: ' ', price: 1 }),
      'name',
    ],
    [
      'a product field given twice',
      () => buildProductAddXml({ name: 'x', price: 1, fields: { Name: 'y' } }),
      'fields.Name',
    ],
    [
      'an update without fields',
      () => buildProductUpdateXml({ id: 3 }),
      'fields["Product Details"]',
    ],
    ['no equations', () => buildSearchXml([]), 'equations'],
    [
      'an unknown operator',
      () => buildSearchXml([{ field: 'Price', op: 'x' as 'e', value: 1 }]),
      'equations[0].op',
    ],
    [
      'a comma inside one of several values',
      () => buildSearchXml([{ field: 'N', op: 'e', value: ['a,b', 'c'] }]),
      'equations[0].value[0]',
    ],
    [
      'an end date before the start date',
      () =>
        buildPurchaseHistoryXml({
          startDate: new Date(2000),
          endDate: new Date(1000),
        }),
      'endDate',
    ],
    [
      'an invalid date',
      () =>
        buildLogTransactionData({
          contactId: 1,
          date: new Date(NaN),
          products: [{ productId: 1 }],
        }),
      'date',
    ],
    [
      'a transaction without products',
      () =>
        buildLogTransactionData({
          contactId: 1,
          date: new Date(),
          products: [],
        }),
      'products',
    ],
    [
      'a control character in a field',
      () =>
        buildSaleXml({
          contactId: 1,
          productId: 1,
          overrides: { Name: 'a\u0001' },
        }),
      'overrides.Name',
    ],
  ])('refuses %s', (_, run, path) => {
    expectRefused(run, path);
  });
});

describe('cdata.php data', () => {
  it('add, with the labels and multi-value form of the official example', () => {
    const xml = buildContactAddXml({
      firstName: 'Tim',
      lastName: 'Lincecum',
      email: 't.lincecum@test.com',
      tags: 'Test',
      sequenceIds: [3, 8],
    });
    expect(xml).toBe(
      '<contact><Group_Tag name="Contact Information"><field name="First Name">Tim</field><field name="Last Name">Lincecum</field>' +
        '<field name="Email">t.lincecum@test.com</field></Group_Tag><Group_Tag name="Sequences and Tags">' +
        '<field name="Contact Tags">Test</field><field name="Sequences">*/*3*/*8*/*</field></Group_Tag></contact>',
    );
    expect(tree(xml)).toEqual(
      tree(`<contact>
    <Group_Tag name="Contact Information">
      <field name="First Name">Tim</field><field name="Last Name">Lincecum</field>
      <field name="Email">t.lincecum@test.com</field>
    </Group_Tag>
    <Group_Tag name="Sequences and Tags">
      <field name="Contact Tags">Test</field><field name="Sequences">*/*3*/*8*/*</field>
    </Group_Tag>
  </contact>`),
    );
  });

  it('add with several tags, extra groups and characters that need escaping', () => {
    expect(
      buildContactAddXml({
        email: 'a+b@example.com',
        tags: ['VIP', 'Buyer & Co'],
        groups: {
          'Contact Information': { Company: '<Acme> "Ltd"' },
          'Custom Fields': { Source: 'UltraCart' },
        },
      }),
    ).toBe(
      '<contact><Group_Tag name="Contact Information"><field name="Email">a+b@example.com</field>' +
        '<field name="Company">&lt;Acme&gt; &quot;Ltd&quot;</field></Group_Tag>' +
        '<Group_Tag name="Sequences and Tags"><field name="Contact Tags">*/*VIP*/*Buyer &amp; Co*/*</field></Group_Tag>' +
        '<Group_Tag name="Custom Fields"><field name="Source">UltraCart</field></Group_Tag></contact>',
    );
  });

  it('update', () => {
    const xml = buildContactXml({
      id: 12345,
      groups: { 'Contact Information': { Company: 'Acme' } },
    });
    expect(xml).toBe(
      '<contact id="12345"><Group_Tag name="Contact Information"><field name="Company">Acme</field></Group_Tag></contact>',
    );
  });

  it('fetch / delete', () => {
    expect(buildContactIdsXml([260414, 260413])).toBe(
      '<contact_id>260414</contact_id><contact_id>260413</contact_id>',
    );
  });

  it('search by e-mail with the official label by default', () => {
    expect(buildContactSearchByEmailXml('x@y.com')).toBe(
      '<search><equation><field>Email</field><op>e</op><value>x@y.com</value></equation></search>',
    );
  });

  it('search by e-mail the way the third-party example does', () => {
    const xml = buildContactSearchByEmailXml('x@y.com', {
      field: 'E-mail',
      op: 'c',
    });
    expect(tree(xml)).toEqual(
      tree(
        '<search><equation><field>E-mail</field><op>c</op><value>x@y.com</value></equation></search>',
      ),
    );
  });

  it('add_tag / remove_tag', () => {
    const xml = buildContactTagsXml({
      contactId: 16972,
      tags: ['Tag1', 'Tag2'],
    });
    expect(xml).toBe(
      '<contact id="16972"><tag>Tag1</tag><tag>Tag2</tag></contact>',
    );
    expect(tree(xml)).toEqual(
      tree(`<contact id='16972'><tag>Tag1</tag><tag>Tag2</tag></contact>`),
    );
  });

  it.each<[string, () => unknown, string]>([
    ['an empty e-mail', () => buildContactAddXml({ email: '' }), 'email'],
    [
      'tags joined by hand',
      () => buildContactAddXml({ email: 'a@b.c', tags: '*/*a*/*b*/*' }),
      'tags',
    ],
    [
      'an empty tag in a list',
      () => buildContactAddXml({ email: 'a@b.c', tags: ['a', ''] }),
      'groups["Sequences and Tags"]["Contact Tags"][1]',
    ],
    [
      'a field set twice',
      () =>
        buildContactAddXml({
          email: 'a@b.c',
          groups: { 'Contact Information': { Email: 'x' } },
        }),
      'groups["Contact Information"]["Email"]',
    ],
    [
      'a bad sequence id',
      () => buildContactAddXml({ email: 'a@b.c', sequenceIds: [0] }),
      'sequenceIds[0]',
    ],
    ['no groups', () => buildContactXml({ id: 1, groups: {} }), 'groups'],
    ['no contact ids', () => buildContactIdsXml([]), 'contactIds'],
    ['no tags', () => buildContactTagsXml({ contactId: 1, tags: [] }), 'tags'],
    [
      'a blank tag',
      () => buildContactTagsXml({ contactId: 1, tags: [' '] }),
      'tags[0]',
    ],
    ['an empty search e-mail', () => buildContactSearchByEmailXml(''), 'email'],
  ])('refuses %s', (_, run, path) => {
    const error = failure(run);
    expect(error.code).toBe('ONTRAPORT_BAD_INPUT');
    expect(error.path).toBe(path);
  });
});

describe('completing the request types', () => {
  it('search with a page (official Products API page)', () => {
    expect(
      buildSearchXml([{ field: 'Price', op: 'e', value: '10.00' }], {
        page: 2,
      }),
    ).toBe(
      '<search page="2"><equation><field>Price</field><op>e</op><value>10.00</value></equation></search>',
    );
    expect(
      failure(() =>
        buildSearchXml([{ field: 'P', op: 'e', value: 1 }], { page: 0 }),
      ).path,
    ).toBe('page');
  });

  it.each(['e', 'n', 's', 'c', 'k', 'l', 'g', 'm', 'h'] as const)(
    'search operator %s',
    (op) => {
      expect(buildSearchXml([{ field: 'Price', op, value: 1 }])).toContain(
        `<op>${op}</op>`,
      );
    },
  );

  it('sale with the override fields inside <purchases>, as the official page shows them', () => {
    const xml = buildSaleXml({
      contactId: 12345,
      productId: 1,
      price: '10.00',
      fieldLayout: 'inside',
    });
    expect(xml).toBe(
      '<purchases contact_id="12345" product_id="1"><field name="Price">10.00</field></purchases>',
    );
    expect(tree(xml)).toEqual(
      tree(
        `<purchases contact_id="12345" product_id='1'> <field name="Price">10.00</field> </purchases>`,
      ),
    );
  });

  it('writes Dates as epoch seconds and lists as */* multi-values in any field', () => {
    expect(
      buildSaleXml({
        contactId: 1,
        productId: 2,
        overrides: { Date: new Date(1337884760_999), Tags: ['a', 'b'] },
      }),
    ).toBe(
      '<purchases contact_id="1" product_id="2"/><field name="Date">1337884760</field><field name="Tags">*/*a*/*b*/*</field>',
    );
  });

  it('refuses a list item that would split wrongly (ending in */)', () => {
    expect(
      failure(() =>
        buildSaleXml({
          contactId: 1,
          productId: 2,
          overrides: { Tags: ['x*/'] },
        }),
      ).path,
    ).toBe('overrides.Tags[0]');
  });

  it('purchase_history for one contact, every part optional', () => {
    expect(buildPurchaseHistoryXml({ contactId: 7 })).toBe(
      '<purchase_history><contact_id>7</contact_id></purchase_history>',
    );
    expect(buildPurchaseHistoryXml({})).toBe(
      '<purchase_history></purchase_history>',
    );
    expect(
      buildPurchaseHistoryXml({ startDate: new Date(1351753200_000) }),
    ).toBe(
      '<purchase_history><start_date>1351753200</start_date></purchase_history>',
    );
  });

  it('log_transaction with a new product by name and no date', () => {
    expect(
      buildLogTransactionData({
        contactId: 1,
        products: [{ name: 'New & improved', price: '9.90', quantity: 3 }],
      }),
    ).toBe(
      '{"contact_id":1,"products":[{"quantity":3,"price":9.9,"name":"New & improved"}]}',
    );
    expect(
      failure(() => buildLogTransactionData({ contactId: 1, products: [{}] }))
        .path,
    ).toBe('products[0]');
  });

  it('contact update, several contacts in one call', () => {
    const xml = buildContactsUpdateXml([
      { id: 12345, groups: { 'Contact Information': { Company: 'Giants' } } },
      { id: 12346, groups: { 'Contact Information': { Company: 'A&B' } } },
    ]);
    expect(xml).toBe(
      '<contact id="12345"><Group_Tag name="Contact Information"><field name="Company">Giants</field></Group_Tag></contact>' +
        '<contact id="12346"><Group_Tag name="Contact Information"><field name="Company">A&amp;B</field></Group_Tag></contact>',
    );
    expect(failure(() => buildContactsUpdateXml([])).path).toBe('contacts');
    expect(
      failure(() =>
        buildContactsUpdateXml([{ id: 0, groups: { G: { F: 'x' } } }]),
      ).path,
    ).toBe('contacts[0].id');
  });
});
