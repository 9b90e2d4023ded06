import { failure } from './testing/codec-failure.test-helper';
import { buildSaleXml } from './products-data.builder';
import {
  decodeContactsRequest,
  decodeProductsRequest,
  decodeRequestForm,
} from './ontraport-request.decoder';
import { encodeProductsRequest } from './ontraport-request.encoder';

const xml = '<purchases id="5"/>';

describe('decodeRequestForm', () => {
  it.each([
    [
      'encoded twice (most official examples)',
      encodeURIComponent(encodeURIComponent(xml)),
    ],
    ['encoded once', encodeURIComponent(xml)],
    ['not encoded (the fetch and log_transaction examples)', xml],
  ])('reads data %s', (_, data) => {
    expect(
      decodeRequestForm(`appid=a&key=k&reqType=delete&data=${data}`).data,
    ).toBe(xml);
  });

  it('keeps a + and a % in data encoded once: it is not decoded a second time', () => {
    const data =
      '<search><equation><field>Email</field><op>e</op><value>a+b@x.com 50%</value></equation></search>';
    expect(
      decodeRequestForm(
        `appid=a&key=k&reqType=search&data=${encodeURIComponent(data)}`,
      ).data,
    ).toBe(data);
    expect(
      decodeRequestForm(
        `appid=a&key=k&reqType=search&data=${encodeURIComponent(encodeURIComponent(data))}`,
      ).data,
    ).toBe(data);
  });

  it('matches field names without regard to case (Appid, Key, returnID) and keeps the last of a repeated field', () => {
    expect(
      decodeRequestForm('Appid=a&KEY=k&reqtype=key&returnID=1&appid=b'),
    ).toEqual({
      appId: 'b',
      key: 'k',
      reqType: 'key',
      returnId: true,
      forceAdd: false,
      data: undefined,
    });
  });

  it.each([
    ['return_id=0', false],
    ['return_id=', false],
    ['return_id=1', true],
    ['f_add=1', false],
  ])('%s → returnId %p', (field, returnId) => {
    expect(
      decodeRequestForm(`appid=a&key=k&reqType=key&${field}`).returnId,
    ).toBe(returnId);
  });

  it.each([
    ['appid', 'key=k&reqType=key'],
    ['key', 'appid=a&key=%20&reqType=key'],
    ['reqtype', 'appid=a&key=k'],
  ])('refuses a body without %s', (path, body) => {
    const error = failure(() => decodeRequestForm(body));
    expect(error.code).toBe('ONTRAPORT_BAD_REQUEST');
    expect(error.path).toBe(path);
  });
});

describe('decodeProductsRequest / decodeContactsRequest', () => {
  it('reads back what encodeProductsRequest sent', () => {
    const body = encodeProductsRequest({
      appId: 'a',
      key: 'k',
      reqType: 'sale',
      data: buildSaleXml({ contactId: 1, productId: 2, price: 10 }),
    });
    expect(decodeProductsRequest(body)).toEqual({
      appId: 'a',
      key: 'k',
      returnId: true,
      request: {
        reqType: 'sale',
        contactId: 1,
        productId: 2,
        fields: [{ name: 'Price', value: '10.00' }],
      },
    });
  });

  it('keeps the raw data of a cdata request type it does not model', () => {
    expect(
      decodeContactsRequest('appid=a&key=k&reqType=fetch_tag').request,
    ).toEqual({ reqType: 'fetch_tag', data: undefined });
  });

  it.each<[string, string, string, string]>([
    [
      'a products reqType on cdata',
      'contacts',
      'reqType=sale&data=x',
      'reqType',
    ],
    ['no data', 'products', 'reqType=refund', 'data'],
    [
      'a refund of zero',
      'products',
      `reqType=refund&data=${encodeURIComponent('<purchases id="1"><refund>0.00</refund></purchases>')}`,
      'data.purchases.refund',
    ],
    [
      'two refunds',
      'products',
      `reqType=refund&data=${encodeURIComponent('<purchases id="1"><refund>1</refund><refund>2</refund></purchases>')}`,
      'data.purchases',
    ],
    [
      'a stray element',
      'products',
      `reqType=delete&data=${encodeURIComponent('<purchases id="1"/><x/>')}`,
      'data',
    ],
    [
      'text beside the elements',
      'products',
      `reqType=fetch&data=${encodeURIComponent('1<product_id>1</product_id>')}`,
      'data',
    ],
    [
      'a bad product id',
      'products',
      `reqType=fetch&data=${encodeURIComponent('<product_id>1</product_id><product_id>01</product_id>')}`,
      'data.product_id[1]',
    ],
    [
      'an update without id',
      'products',
      `reqType=update&data=${encodeURIComponent('<product><Group_Tag name="P"><field name="Name">x</field></Group_Tag></product>')}`,
      'data.product',
    ],
    [
      'a group without a name',
      'products',
      `reqType=add&data=${encodeURIComponent('<product><Group_Tag><field name="Name">x</field></Group_Tag></product>')}`,
      'data.product.Group_Tag[0]',
    ],
    [
      'a search page of 0',
      'products',
      `reqType=search&data=${encodeURIComponent('<search page="0"><equation><field>a</field><op>e</op><value>1</value></equation></search>')}`,
      'data.search.page',
    ],
    [
      'an equation without op',
      'products',
      `reqType=search&data=${encodeURIComponent('<search><equation><field>a</field><value>1</value></equation></search>')}`,
      'data.search.equation[0]',
    ],
    [
      'a purchase history date that is not epoch',
      'products',
      `reqType=purchase_history&data=${encodeURIComponent('<purchase_history><start_date>2012-11-01</start_date></purchase_history>')}`,
      'data.purchase_history.start_date',
    ],
    [
      'a transaction without products',
      'products',
      `reqType=log_transaction&data=${encodeURIComponent('{"contact_id":1,"products":[]}')}`,
      'data.products',
    ],
    [
      'a transaction price that is not a number',
      'products',
      `reqType=log_transaction&data=${encodeURIComponent('{"contact_id":1,"products":[{"product_id":1,"price":"ten"}]}')}`,
      'data.products[0].price',
    ],
    [
      'a transaction that is an array',
      'products',
      `reqType=log_transaction&data=${encodeURIComponent('[1]')}`,
      'data',
    ],
    [
      'a tag element that holds a contact id',
      'contacts',
      `reqType=add_tag&data=${encodeURIComponent('<contact id="1"><tag>a</tag><x/></contact>')}`,
      'data.contact[0]',
    ],
  ])('refuses %s', (_, api, fields, path) => {
    const body = `appid=a&key=k&${fields}`;
    const error = failure(() =>
      api === 'products'
        ? decodeProductsRequest(body)
        : decodeContactsRequest(body),
    );
    expect(error.code).toBe('ONTRAPORT_BAD_REQUEST');
    expect(error.path).toBe(path);
  });

  it('applies the XML limits to data', () => {
    const data = encodeURIComponent('<product_id>1</product_id>'.repeat(10));
    expect(
      failure(() =>
        decodeProductsRequest(`appid=a&key=k&reqType=fetch&data=${data}`, {
          limits: { maxElements: 5 },
        }),
      ).code,
    ).toBe('XML_TOO_MANY_ELEMENTS');
  });
});
