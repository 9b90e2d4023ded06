import { isIndexedWord, MAX_WORD_CHARS, MIN_INDEXED_WORD_CHARS, SEARCHABLE_BODY_CHARS, searchTerms, STRUCTURAL_WORDS, textSearch, words } from './search-terms';

describe('body search terms', () => {
  it('splits bodies into lower-case runs of letters and digits, in any script', () => {
    expect(words('{"invoice":"INV-77123","email":"Jo@Shop.test"} Größe été_2')).toEqual(['invoice', 'inv', '77123', 'email', 'jo', 'shop', 'test', 'größe', 'été', '2']);
  });

  it('stores the distinct words of both bodies, one space apart, never an empty word', () => {
    expect(searchTerms('  <abc>Beta</abc> alpha beta ', undefined, null, '{"code":100,"alpha":"ZULU"}')).toBe('abc beta alpha code 100 zulu');
    expect(searchTerms('{}', '')).toBe('');
    expect(searchTerms(undefined)).toBe('');
  });

  it('indexes a body up to its first 200,000 characters, and no word longer than the index can hold', () => {
    const body = `${'xyz '.repeat(SEARCHABLE_BODY_CHARS / 4)}beyond`;
    expect(searchTerms(body)).toBe('xyz');
    expect(searchTerms(`short ${'y'.repeat(MAX_WORD_CHARS + 1)} ${'z'.repeat(MAX_WORD_CHARS)}`)).toBe(`short ${'z'.repeat(MAX_WORD_CHARS)}`);
  });

  it('finds the same words in an ASCII body (scanned by character) as the Unicode split does, capitals and last word included', () => {
    const reference = (...bodies: string[]) => [...new Set(bodies.flatMap((b) => words(b)).filter(isIndexedWord))].join(' ');
    const chars = 'aZ09_-. "{}:,\\/\t\n@<>=&+~`|^[]!?#$%*()\'';
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let n = 0; n < 200; n++) {
      const body = Array.from({ length: 1 + Math.floor(random() * 400) }, () => (random() < 0.6 ? 'AbcXyz0189'[Math.floor(random() * 10)] : chars[Math.floor(random() * chars.length)])).join('');
      const other = `{"Invoice":"INV-${n}","Email":"Jo${n}@Shop.TEST","Note":"${n % 2 ? 'Order' : 'DATA'} value${n}"} tail${n}`;
      expect(searchTerms(body, other)).toBe(reference(body, other));
    }
    expect(searchTerms('{"OrderID":"AB-123"} Done')).toBe('orderid 123 done');
  });

  it('asks for one word through the index alone', () => {
    expect(textSearch('INV-77123')).toEqual({ tsquery: "'inv' & '77123'", phrase: '(^|[^[:alnum:]])inv[^[:alnum:]]+77123($|[^[:alnum:]])' });
    expect(textSearch('  77123 ')).toEqual({ tsquery: "'77123'" });
  });

  it('asks for a phrase as all its words, then their order on the bodies; repeated words once in the index query', () => {
    expect(textSearch('upstream Timeout upstream')).toEqual({
      tsquery: "'upstream' & 'timeout'",
      phrase: '(^|[^[:alnum:]])upstream[^[:alnum:]]+timeout[^[:alnum:]]+upstream($|[^[:alnum:]])',
    });
  });

  it('leaves common words out of the index question when a rarer word is there, never out of the phrase', () => {
    const common = (w: string) => ['sku', 'catalog'].includes(w);
    expect(textSearch('SKU-1918', common)).toEqual({ tsquery: "'1918'", phrase: '(^|[^[:alnum:]])sku[^[:alnum:]]+1918($|[^[:alnum:]])' });
    expect(textSearch('catalog SKU', common)).toEqual({ tsquery: "'catalog' & 'sku'", phrase: '(^|[^[:alnum:]])catalog[^[:alnum:]]+sku($|[^[:alnum:]])' });
    expect(textSearch('sku', common)).toEqual({ tsquery: "'sku'" });
  });

  it(`leaves words shorter than ${MIN_INDEXED_WORD_CHARS} characters out of the stored terms (and so out of the index)`, () => {
    expect(searchTerms('{"id":7,"qty":12,"size":"US","grams":"19.99","été":"ok"}')).toBe('qty size grams été');
  });

  it('asks the index only for words it holds; the phrase check keeps every word, and alone decides for only short words', () => {
    expect(textSearch('CA 95014')).toEqual({ tsquery: "'95014'", phrase: '(^|[^[:alnum:]])ca[^[:alnum:]]+95014($|[^[:alnum:]])' });
    expect(textSearch('US')).toEqual({ phrase: '(^|[^[:alnum:]])us($|[^[:alnum:]])' });
    expect(textSearch('T-1')).toEqual({ phrase: '(^|[^[:alnum:]])t[^[:alnum:]]+1($|[^[:alnum:]])' });
    // A short word never makes a common one the index's question.
    expect(textSearch('sku 12', (w) => w === 'sku')).toEqual({ tsquery: "'sku'", phrase: '(^|[^[:alnum:]])sku[^[:alnum:]]+12($|[^[:alnum:]])' });
  });

  it('leaves the structural words of JSON, XML and XML-RPC bodies out of the stored terms, wherever they stand, in any case', () => {
    const json = '{"merchant_id":"M700","order_id":"ORD-991","contact":{"Email":"jo@shop.com","firstname":"Ada"},"items":[{"item_id":"SKU-12","quantity":2}],"error":"card declined"}';
    expect(searchTerms(json)).toBe('m700 ord 991 shop ada sku error declined');
    const xmlRpc = '<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>ContactService.add</methodName><params><param><value><struct>' +
      '<member><name>Email</name><value><string>jo@shop.test</string></value></member></struct></value></param></params></methodCall>';
    expect(searchTerms(xmlRpc)).toBe('contactservice add shop test');
    const ontraport = '<contact><Group_Tag name="Contact Information"><field name="First Name">Ada</field><field name="Email">jo@shop.test</field></Group_Tag></contact>';
    expect(searchTerms(ontraport)).toBe('group information first ada shop test');
    // A body outside ASCII takes the Unicode split: the same words are left out.
    expect(searchTerms('{"Email":"jö@shop.test","Name":"Zoë"}')).toBe('shop test zoë');
    // Listed words are lower-case words the index could otherwise hold.
    for (const w of STRUCTURAL_WORDS) expect(words(w)).toEqual([w]);
  });

  it('asks the index only for words it may hold: structural words are left to the phrase check, like short ones', () => {
    // With another word, that word is the index's question and the phrase check requires both.
    expect(textSearch('Invoice INV77123')).toEqual({ tsquery: "'inv77123'", phrase: '(^|[^[:alnum:]])invoice[^[:alnum:]]+inv77123($|[^[:alnum:]])' });
    // Alone, or with only short words, the phrase check over the merchant's records decides (never an index question the
    // records stored since cannot answer).
    expect(textSearch('firstname')).toEqual({ phrase: '(^|[^[:alnum:]])firstname($|[^[:alnum:]])' });
    expect(textSearch('<methodName>')).toEqual({ phrase: '(^|[^[:alnum:]])methodname($|[^[:alnum:]])' });
    expect(textSearch('order id')).toEqual({ phrase: '(^|[^[:alnum:]])order[^[:alnum:]]+id($|[^[:alnum:]])' });
    // A common word is still the index's question when no rarer indexed word is there.
    expect(textSearch('email sku', (w) => w === 'sku')).toEqual({ tsquery: "'sku'", phrase: '(^|[^[:alnum:]])email[^[:alnum:]]+sku($|[^[:alnum:]])' });
  });

  it('has nothing to ask for in a text without letters or digits', () => {
    expect(textSearch(' "@-;" ')).toBeUndefined();
  });

  it('cannot be turned into a broken query: quotes, operators and regex characters are not words', () => {
    expect(textSearch("xyz' & !yes | (zed.*) <-> ''")).toEqual({
      tsquery: "'xyz' & 'yes' & 'zed'",
      phrase: '(^|[^[:alnum:]])xyz[^[:alnum:]]+yes[^[:alnum:]]+zed($|[^[:alnum:]])',
    });
    expect(textSearch("x' | (.*)")).toEqual({ phrase: '(^|[^[:alnum:]])x($|[^[:alnum:]])' });
  });
});
