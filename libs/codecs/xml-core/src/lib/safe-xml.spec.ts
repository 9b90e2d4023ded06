import {
  childElements,
  DEFAULT_XML_LIMITS,
  escapeXmlAttribute,
  escapeXmlText,
  ownText,
  parseXml,
} from './safe-xml';
import { CodecError, XmlErrorCode } from './codec-error';

function codeOf(run: () => unknown): XmlErrorCode {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CodecError);
    return (error as CodecError<XmlErrorCode>).code;
  }
  throw new Error('expected a CodecError, nothing was thrown');
}

const nested = (depth: number): string =>
  '<a>'.repeat(depth) + '</a>'.repeat(depth);

describe('parseXml', () => {
  it('builds an element tree with attributes, text and children in document order', () => {
    const root = parseXml(
      '<?xml version="1.0"?><root id="7" name=\'x\'>a<b>1</b>c<d/></root>',
    );
    expect(root.name).toBe('root');
    expect(root.attributes).toEqual({ id: '7', name: 'x' });
    expect(root.children).toEqual([
      'a',
      { name: 'b', attributes: {}, children: ['1'] },
      'c',
      { name: 'd', attributes: {}, children: [] },
    ]);
    expect(childElements(root).map((child) => child.name)).toEqual(['b', 'd']);
    expect(ownText(root)).toBe('ac');
  });

  it('decodes the five predefined entities and numeric character references, nothing else', () => {
    const root = parseXml(
      '<t>&amp;&lt;&gt;&quot;&apos; &#65;&#x42;&#x263a;&#128512;</t>',
    );
    expect(ownText(root)).toBe(`&<>"' AB\u263a\u{1F600}`);
  });

  it('keeps CDATA literally (no entity decoding inside) and joins it with surrounding text', () => {
    expect(ownText(parseXml('<t>x<![CDATA[<b>&amp;</b>]]>y</t>'))).toBe(
      'x<b>&amp;</b>y',
    );
  });

  it('drops comments and processing instructions', () => {
    expect(
      ownText(parseXml('<!-- lead --><t>a<!-- mid -->b<?pi x?></t>')),
    ).toBe('ab');
  });

  it('keeps whitespace exactly', () => {
    expect(ownText(parseXml('<t>  two  spaces \t</t>'))).toBe(
      '  two  spaces \t',
    );
  });

  it('ignores a leading byte-order mark', () => {
    expect(parseXml('\uFEFF<t>x</t>').name).toBe('t');
  });

  it('normalizes literal line ends to \\n but keeps a &#13; reference', () => {
    expect(ownText(parseXml('<t>a\r\nb\rc&#13;</t>'))).toBe('a\nb\nc\r');
  });

  it('normalizes literal whitespace in attribute values but keeps references', () => {
    expect(parseXml('<t v="a\tb\nc&#10;d &amp; &lt;"/>').attributes['v']).toBe(
      'a b c\nd & <',
    );
  });

  describe('refuses DTDs before parsing', () => {
    it.each([
      [
        'internal entities (billion laughs)',
        '<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><t>&b;</t>',
      ],
      [
        'an external entity',
        '<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><t>&x;</t>',
      ],
      [
        'an external DTD',
        '<!DOCTYPE t SYSTEM "http://example.invalid/x.dtd"><t/>',
      ],
      ['a lowercase doctype', '<!doctype t><t/>'],
      ['an entity declaration outside a DTD', '<t><!ENTITY x "y"></t>'],
    ])('%s', (_, xml) => {
      expect(codeOf(() => parseXml(xml))).toBe('XML_DOCTYPE_FORBIDDEN');
    });
  });

  describe('size limit', () => {
    it('defaults to 10 MB', () => {
      expect(DEFAULT_XML_LIMITS.maxBytes).toBe(10 * 1024 * 1024);
      const body = 'x'.repeat(DEFAULT_XML_LIMITS.maxBytes);
      expect(codeOf(() => parseXml(`<t>${body}</t>`))).toBe('XML_TOO_LARGE');
    });

    it('counts UTF-8 bytes, not UTF-16 code units', () => {
      const xml = '<t>éé</t>'; // 9 code units, 11 bytes
      expect(codeOf(() => parseXml(xml, { maxBytes: 10 }))).toBe(
        'XML_TOO_LARGE',
      );
      expect(ownText(parseXml(xml, { maxBytes: 11 }))).toBe('éé');
      expect(codeOf(() => parseXml('<t>😀</t>', { maxBytes: 10 }))).toBe(
        'XML_TOO_LARGE',
      ); // 11 bytes
    });
  });

  describe('depth limit', () => {
    it('accepts 64 levels and refuses 65 by default', () => {
      expect(parseXml(nested(64)).name).toBe('a');
      expect(codeOf(() => parseXml(nested(65)))).toBe('XML_TOO_DEEP');
    });

    it('counts a self-closing element as a level', () => {
      expect(
        codeOf(() => parseXml(`${'<a>'.repeat(64)}<b/>${'</a>'.repeat(64)}`)),
      ).toBe('XML_TOO_DEEP');
    });

    it('refuses 100,000 levels without recursing', () => {
      expect(codeOf(() => parseXml(nested(100_000)))).toBe('XML_TOO_DEEP');
    });

    it('can be configured', () => {
      expect(codeOf(() => parseXml(nested(3), { maxDepth: 2 }))).toBe(
        'XML_TOO_DEEP',
      );
      expect(parseXml(nested(100), { maxDepth: 100 }).name).toBe('a');
    });
  });

  describe('element count limit', () => {
    it('defaults to 200,000 elements', () => {
      const flat = (count: number): string =>
        `<r>${'<e/>'.repeat(count - 1)}</r>`;
      expect(childElements(parseXml(flat(200_000)))).toHaveLength(199_999);
      expect(codeOf(() => parseXml(flat(200_001)))).toBe(
        'XML_TOO_MANY_ELEMENTS',
      );
    });

    it('can be configured', () => {
      expect(
        childElements(parseXml('<a><b/><c/></a>', { maxElements: 3 })),
      ).toHaveLength(2);
      expect(
        codeOf(() => parseXml('<a><b/><c/><d/></a>', { maxElements: 3 })),
      ).toBe('XML_TOO_MANY_ELEMENTS');
    });
  });

  describe('malformed documents', () => {
    it.each([
      ['empty', ''],
      ['whitespace only', ' \n '],
      ['truncated inside text', '<a><b>12'],
      ['truncated inside a start tag', '<a><b x="1'],
      ['truncated inside an end tag', '<a><b></b></a'],
      ['truncated before the root end tag', '<a><b/>'],
      ['truncated comment', '<a><!-- x'],
      ['truncated CDATA', '<a><![CDATA[x'],
      ['mismatched end tag', '<a><b></a></b>'],
      ['end tag without start tag', '</a>'],
      ['two roots', '<a/><b/>'],
      ['text after the root', '<a/>tail'],
      ['text before the root', 'lead<a/>'],
      ['CDATA outside the root', '<![CDATA[x]]><a/>'],
      ['undefined entity', '<a>&nbsp;</a>'],
      ['bare ampersand', '<a>Fish & Chips</a>'],
      ['ampersand without semicolon', '<a>&amp</a>'],
      ['bad numeric reference', '<a>&#xZZ;</a>'],
      ['undefined entity in an attribute', '<a v="&foo;"/>'],
      ['< inside an attribute value', '<a v="<"/>'],
      ['repeated attribute', '<a v="1" v="2"/>'],
      ['attribute without a value', '<a v/>'],
      ['unknown markup declaration', '<a><!ELEMENT a ANY></a>'],
      [
        'an element name the parser reserves',
        '<a><__proto__>1</__proto__></a>',
      ],
      ['an attribute name the parser reserves', '<a constructor="x"/>'],
    ])('%s → XML_MALFORMED', (_, xml) => {
      expect(codeOf(() => parseXml(xml))).toBe('XML_MALFORMED');
    });

    it('refuses non-string input with a CodecError', () => {
      expect(
        codeOf(() => parseXml(Buffer.from('<a/>') as unknown as string)),
      ).toBe('XML_MALFORMED');
    });
  });

  describe('characters XML 1.0 cannot carry', () => {
    it.each([
      ['a literal control character', '<a>\u0007</a>'],
      ['a control character reference', '<a>&#7;</a>'],
      ['a NUL reference', '<a>&#0;</a>'],
      ['a reference beyond U+10FFFF', '<a>&#x110000;</a>'],
      ['a surrogate reference', '<a>&#xD800;</a>'],
      ['a lone surrogate', '<a>\uD800</a>'],
      ['U+FFFE', '<a>\uFFFE</a>'],
    ])('%s → XML_INVALID_CHARACTER', (_, xml) => {
      expect(codeOf(() => parseXml(xml))).toBe('XML_INVALID_CHARACTER');
    });
  });
});

describe('escaping', () => {
  const tricky = `a & b < c > d "e" 'f' \r\n\tZoë 日本 😀 ]]>`;

  it('escapes text exactly', () => {
    expect(escapeXmlText(`&<>"'\r\n\t`)).toBe(
      '&amp;&lt;&gt;&quot;&apos;&#13;\n\t',
    );
  });

  it('escapes attribute values exactly', () => {
    expect(escapeXmlAttribute(`&<>"'\r\n\t`)).toBe(
      '&amp;&lt;&gt;&quot;&apos;&#13;&#10;&#9;',
    );
  });

  it('round-trips any XML 1.0 string through text and attributes', () => {
    const root = parseXml(
      `<t v="${escapeXmlAttribute(tricky)}">${escapeXmlText(tricky)}</t>`,
    );
    expect(ownText(root)).toBe(tricky);
    expect(root.attributes['v']).toBe(tricky);
  });

  it('refuses characters that XML 1.0 cannot carry', () => {
    expect(codeOf(() => escapeXmlText('bell\u0007'))).toBe(
      'XML_INVALID_CHARACTER',
    );
    expect(codeOf(() => escapeXmlAttribute('\uDC00'))).toBe(
      'XML_INVALID_CHARACTER',
    );
  });
});

describe('the codec its errors name', () => {
  const raisedBy = (codec: string) =>
    expect.objectContaining({ name: 'CodecError', codec });

  it("is 'xml' when the caller names none", () => {
    expect(() => parseXml('<a>')).toThrow(raisedBy('xml'));
    expect(() => escapeXmlText('\u0007')).toThrow(raisedBy('xml'));
  });

  it.each([
    ['truncation', () => parseXml('<a>', {}, 'my-codec')],
    ['an HTML entity', () => parseXml('<a>&nbsp;</a>', {}, 'my-codec')],
    ['an attribute entity', () => parseXml('<a b="&x;"/>', {}, 'my-codec')],
    ['depth', () => parseXml(nested(3), { maxDepth: 2 }, 'my-codec')],
    ['a DOCTYPE', () => parseXml('<!DOCTYPE a><a/>', {}, 'my-codec')],
    ['text escaping', () => escapeXmlText('\u0007', 'my-codec')],
    ['attribute escaping', () => escapeXmlAttribute('\u0007', 'my-codec')],
  ])('is the codec the caller names (%s)', (_, run) => {
    expect(run).toThrow(CodecError);
    expect(run).toThrow(raisedBy('my-codec'));
  });
});

describe('parseXml: the single-pass reader', () => {
  it.each([
    ['an XML declaration after the start', '<a><?xml version="1.0"?></a>'],
    [
      'an XML declaration after leading whitespace',
      ' <?xml version="1.0"?><a/>',
    ],
    ['an element name starting with a digit', '<1a/>'],
    ['an attribute name starting with a digit', '<a 1b="x"/>'],
    ['attributes without space between them', '<a b="x"c="y"/>'],
    ['a space after <', '< a/>'],
    ['a space after </', '<a></ a>'],
    ['a slash inside a start tag', '<a / >'],
    ['an unquoted attribute value', '<a b=x/>'],
  ])('refuses %s', (_, xml) => {
    expect(codeOf(() => parseXml(xml))).toBe('XML_MALFORMED');
  });

  it('reads the forms XML allows: spacing in tags, > inside quotes, PIs and comments anywhere', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- c --><a\n b = "x>y"\tc=\'"\' ><?pi data?>t<b\n/></a\n><!-- tail -->',
    );
    expect(root).toEqual({
      name: 'a',
      attributes: { b: 'x>y', c: '"' },
      children: ['t', { name: 'b', attributes: {}, children: [] }],
    });
  });

  it('keeps an attribute called hasOwnProperty as it is', () => {
    expect(parseXml('<a hasOwnProperty="x"/>').attributes).toEqual({
      hasOwnProperty: 'x',
    });
  });

  it('names the first problem with its offset', () => {
    expect(() => parseXml('<a><b></c></a>')).toThrow(
      'XML_MALFORMED: </c> at offset 6 does not close <b>',
    );
  });
});
