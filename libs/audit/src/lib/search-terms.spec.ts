import { MAX_WORD_CHARS, SEARCHABLE_BODY_CHARS, searchTerms, textSearch, words } from './search-terms';

describe('body search terms', () => {
  it('splits bodies into lower-case runs of letters and digits, in any script', () => {
    expect(words('{"invoice":"INV-77123","email":"Jo@Shop.test"} Größe été_2')).toEqual(['invoice', 'inv', '77123', 'email', 'jo', 'shop', 'test', 'größe', 'été', '2']);
  });

  it('stores the distinct words of both bodies, one space apart, never an empty word', () => {
    expect(searchTerms('  <a>Beta</a> alpha beta ', undefined, null, '{"code":1,"alpha":"ZULU"}')).toBe('a beta alpha code 1 zulu');
    expect(searchTerms('{}', '')).toBe('');
    expect(searchTerms(undefined)).toBe('');
  });

  it('indexes a body up to its first 200,000 characters, and no word longer than the index can hold', () => {
    const body = `${'x '.repeat(SEARCHABLE_BODY_CHARS / 2)}beyond`;
    expect(searchTerms(body)).toBe('x');
    expect(searchTerms(`short ${'y'.repeat(MAX_WORD_CHARS + 1)} ${'z'.repeat(MAX_WORD_CHARS)}`)).toBe(`short ${'z'.repeat(MAX_WORD_CHARS)}`);
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
    const common = (w: string) => ['sku', 'order'].includes(w);
    expect(textSearch('SKU-1918', common)).toEqual({ tsquery: "'1918'", phrase: '(^|[^[:alnum:]])sku[^[:alnum:]]+1918($|[^[:alnum:]])' });
    expect(textSearch('order SKU', common)).toEqual({ tsquery: "'order' & 'sku'", phrase: '(^|[^[:alnum:]])order[^[:alnum:]]+sku($|[^[:alnum:]])' });
    expect(textSearch('sku', common)).toEqual({ tsquery: "'sku'" });
  });

  it('has nothing to ask for in a text without letters or digits', () => {
    expect(textSearch(' "@-;" ')).toBeUndefined();
  });

  it('cannot be turned into a broken query: quotes, operators and regex characters are not words', () => {
    expect(textSearch("x' & !y | (z.*) <-> ''")).toEqual({
      tsquery: "'x' & 'y' & 'z'",
      phrase: '(^|[^[:alnum:]])x[^[:alnum:]]+y[^[:alnum:]]+z($|[^[:alnum:]])',
    });
  });
});
