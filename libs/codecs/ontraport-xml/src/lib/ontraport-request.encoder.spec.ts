import { failure } from './testing/codec-failure.test-helper';
import {
  buildContactAddXml,
  buildContactSearchByEmailXml,
  buildContactTagsXml,
} from './contacts-data.builder';
import {
  encodeContactsRequest,
  encodeProductsRequest,
} from './ontraport-request.encoder';
import {
  buildProductAddXml,
  buildProductFetchXml,
  buildRefundXml,
  buildSaleXml,
} from './products-data.builder';
import { buildSearchXml } from './ontraport-data.builder';

const credentials = { appId: '2_26778_abcd', key: 'k3y/+=' };

/** What the PHP server sees: the form decoded once into `$_POST`, then `data` URL-decoded once more. */
function serverView(body: string): {
  fields: Record<string, string>;
  data: string | undefined;
} {
  const fields = Object.fromEntries(new URLSearchParams(body));
  const data =
    fields['data'] === undefined
      ? undefined
      : decodeURIComponent(fields['data'].replace(/\+/g, ' '));
  return { fields, data };
}

describe('encodeProductsRequest', () => {
  it('writes appid, key, reqType, return_id and the doubly encoded data, in that order', () => {
    const body = encodeProductsRequest({
      ...credentials,
      reqType: 'sale',
      data: buildSaleXml({ contactId: 12345, productId: 1, price: 10 }),
    });
    expect(body).toBe(
      'appid=2_26778_abcd&key=k3y%2F%2B%3D&reqType=sale&return_id=1&data=' +
        '%253Cpurchases%2Bcontact_id%253D%252212345%2522%2Bproduct_id%253D%25221%2522%252F%253E' +
        '%253Cfield%2Bname%253D%2522Price%2522%253E10.00%253C%252Ffield%253E',
    );
    expect(serverView(body)).toEqual({
      fields: expect.objectContaining({
        appid: '2_26778_abcd',
        key: 'k3y/+=',
        reqType: 'sale',
        return_id: '1',
      }),
      data: '<purchases contact_id="12345" product_id="1"/><field name="Price">10.00</field>',
    });
  });

  it.each([
    ['refund (full)', 'refund', buildRefundXml({ purchaseId: 1234 })],
    [
      'refund (partial)',
      'refund',
      buildRefundXml({ purchaseId: 1234, amount: 5 }),
    ],
    [
      'add',
      'add',
      buildProductAddXml({ name: 'Gold + Silver & 100%', price: 250 }),
    ],
    ['fetch', 'fetch', buildProductFetchXml([1, 2])],
    [
      'search',
      'search',
      buildSearchXml([{ field: 'Price', op: 'l', value: '150.00' }]),
    ],
  ] as const)(
    '%s: the server gets the XML back exactly',
    (_, reqType, data) => {
      const { fields, data: received } = serverView(
        encodeProductsRequest({ ...credentials, reqType, data }),
      );
      expect(fields['reqType']).toBe(reqType);
      expect(fields['return_id']).toBeUndefined();
      expect(received).toBe(data);
    },
  );

  it('sends no data for key', () => {
    expect(encodeProductsRequest({ ...credentials, reqType: 'key' })).toBe(
      'appid=2_26778_abcd&key=k3y%2F%2B%3D&reqType=key',
    );
  });

  it('lets the caller override return_id', () => {
    const body = encodeProductsRequest({
      ...credentials,
      reqType: 'sale',
      data: '<purchases contact_id="1" product_id="1"/>',
      returnId: false,
    });
    expect(serverView(body).fields['return_id']).toBeUndefined();
    const withId = encodeProductsRequest({
      ...credentials,
      reqType: 'add',
      data: '<product/>',
      returnId: true,
    });
    expect(serverView(withId).fields['return_id']).toBe('1');
  });

  it('single encoding is available but loses a "+" on a server that decodes data again', () => {
    const data = buildContactSearchByEmailXml('a+b@example.com');
    const single = encodeContactsRequest({
      ...credentials,
      reqType: 'search',
      data,
      dataEncoding: 'single',
    });
    expect(new URLSearchParams(single).get('data')).toBe(data);
    expect(serverView(single).data).toContain('a b@example.com');
    const double = encodeContactsRequest({
      ...credentials,
      reqType: 'search',
      data,
    });
    expect(serverView(double).data).toBe(data);
  });

  it.each<[string, () => unknown, string]>([
    [
      'an empty app id',
      () =>
        encodeProductsRequest({ ...credentials, appId: '', reqType: 'key' }),
      'appId',
    ],
    [
      'an empty key',
      () => encodeProductsRequest({ ...credentials, key: ' ', reqType: 'key' }),
      'key',
    ],
    [
      'an unknown reqType',
      () =>
        encodeProductsRequest({
          ...credentials,
          reqType: 'sell' as 'sale',
          data: 'x',
        }),
      'reqType',
    ],
    [
      'a contacts reqType',
      () =>
        encodeProductsRequest({
          ...credentials,
          reqType: 'add_tag' as 'sale',
          data: 'x',
        }),
      'reqType',
    ],
    [
      'missing data',
      () => encodeProductsRequest({ ...credentials, reqType: 'refund' }),
      'data',
    ],
    [
      'empty data',
      () =>
        encodeProductsRequest({ ...credentials, reqType: 'refund', data: '' }),
      'data',
    ],
    [
      'an unknown data encoding',
      () =>
        encodeProductsRequest({
          ...credentials,
          reqType: 'fetch',
          data: 'x',
          dataEncoding: 'triple' as 'double',
        }),
      'dataEncoding',
    ],
  ])('refuses %s', (_, run, path) => {
    const error = failure(run);
    expect(error.code).toBe('ONTRAPORT_BAD_INPUT');
    expect(error.path).toBe(path);
  });
});

describe('encodeContactsRequest', () => {
  it('search by e-mail', () => {
    const data = buildContactSearchByEmailXml('t.lincecum@test.com');
    const body = encodeContactsRequest({
      ...credentials,
      reqType: 'search',
      data,
    });
    expect(serverView(body)).toEqual({
      fields: {
        appid: '2_26778_abcd',
        key: 'k3y/+=',
        reqType: 'search',
        data: expect.any(String),
      },
      data,
    });
  });

  it('add sends return_id=1 by default, and f_add=1 when asked', () => {
    const data = buildContactAddXml({
      email: 'zoë@example.com',
      firstName: 'Zoë',
    });
    const body = encodeContactsRequest({
      ...credentials,
      reqType: 'add',
      data,
      forceAdd: true,
    });
    expect(body).toMatch(
      /^appid=2_26778_abcd&key=k3y%2F%2B%3D&reqType=add&return_id=1&f_add=1&data=/,
    );
    expect(serverView(body).data).toBe(data);
  });

  it('add_tag', () => {
    const data = buildContactTagsXml({
      contactId: 16972,
      tags: ['Tag1', 'Tag 2'],
    });
    const { fields, data: received } = serverView(
      encodeContactsRequest({ ...credentials, reqType: 'add_tag', data }),
    );
    expect(fields['return_id']).toBeUndefined();
    expect(received).toBe(data);
  });

  it('refuses f_add outside add', () => {
    const error = failure(() =>
      encodeContactsRequest({
        ...credentials,
        reqType: 'update',
        data: '<contact id="1"/>',
        forceAdd: true,
      }),
    );
    expect(error).toMatchObject({
      code: 'ONTRAPORT_BAD_INPUT',
      path: 'forceAdd',
    });
  });

  it('refuses a products reqType', () => {
    expect(
      failure(() =>
        encodeContactsRequest({
          ...credentials,
          reqType: 'sale' as 'add',
          data: 'x',
        }),
      ),
    ).toMatchObject({
      code: 'ONTRAPORT_BAD_INPUT',
      path: 'reqType',
    });
  });
});
