/**
 * Realistic payloads for the codec benchmark: an Infusionsoft order cascade (a contact, an order, fifty
 * order items, with the table fields of reference B.3) and an ONTRAPORT product list.
 */
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

export const contact = {
  Id: 16972,
  FirstName: 'Zoë',
  LastName: 'Lincecum',
  Email: 't.lincecum+giants@example.com',
  EmailAddress2: 'tim@example.org',
  Company: 'Giants & Co <SF>',
  Phone1: '+1 415-555-0100',
  Phone2: '+1 415-555-0101',
  StreetAddress1: '24 Willie Mays Plaza',
  StreetAddress2: 'Suite 5',
  City: 'San Francisco',
  State: 'CA',
  PostalCode: '94107',
  Country: 'United States',
  OwnerID: 3,
  LeadSourceId: 12,
  Leadsource: 'UltraCart',
  Groups: '91,93,107',
  ContactType: 'Customer',
  ReferralCode: 'SUMMER-24',
  DateCreated: new Date('2012-11-07T14:03:12Z'),
  LastUpdated: new Date('2024-05-02T09:15:00Z'),
  _UltraCartCustomerId: 'C-0009104420',
  _Notes: 'Prefers e-mail; "VIP" since 2019',
};

export const order = {
  Id: 8812,
  JobTitle: 'UltraCart DEMO-0009104420',
  ContactId: 16972,
  StartDate: day('2024-05-18'),
  DueDate: day('2024-05-25'),
  OrderType: 1,
  OrderStatus: 0,
  JobNotes: 'Imported from UltraCart; ship to residential address',
  ShipFirstName: 'Zoë',
  ShipLastName: 'Lincecum',
  ShipStreet1: '24 Willie Mays Plaza',
  ShipCity: 'San Francisco',
  ShipState: 'CA',
  ShipZip: '94107',
  ShipCountry: 'United States',
  InvoiceId: 8813,
  InvoiceTotal: 1287.45,
  TotalPaid: 1287.45,
  TotalDue: 0,
  PayStatus: 1,
  PromoCode: 'SUMMER-24',
  _UltraCartOrderId: 'DEMO-0009104420',
};

export const items = Array.from({ length: 50 }, (_, index) => ({
  Id: 40_000 + index,
  OrderId: 8812,
  ProductId: 200 + index,
  SubscriptionPlanId: 0,
  ItemName: `Organic Coffee Beans – Blend ${index + 1}`,
  Qty: 1 + (index % 4),
  CPU: 4.75 + index / 10,
  PPU: 19.99 + index,
  ItemDescription: `Whole bean, 340 g bag; roast #${index % 3} & "single origin"`,
  ItemType: 4,
  Notes: index % 5 === 0 ? 'Gift wrap <please>' : '',
}));

/** An ONTRAPORT `fetch`/`search` result of 50 products, as the legacy API writes it. */
export const ontraportProductList = `<?xml version="1.0" encoding="UTF-8"?>\n<result>${Array.from(
  { length: 50 },
  (_, index) =>
    `<product id="${index + 1}"><Group_Tag name="Product Details">` +
    `<field name="Name" type="text">Organic Coffee Beans – Blend ${index + 1} &amp; more</field>` +
    `<field name="Price" type="price">$${(1250 + index * 3.25).toLocaleString('en-US', { minimumFractionDigits: 2 })}</field>` +
    `<field name="SKU" type="text">COF-${1000 + index}</field>` +
    `<field name="Date Created" type="timestamp">${1351753200 + index * 86_400}</field>` +
    `<field name="Tags" type="list">*/*coffee*/*organic*/*blend-${index % 4}*/*</field>` +
    '</Group_Tag></product>',
).join('')}</result>`;
