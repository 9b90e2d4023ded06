import { CodecError, isCodecError } from './codec-error';

describe('CodecError', () => {
  it('prefixes the message with the code, and the path where there is one', () => {
    const error = new CodecError('xml-rpc', 'XMLRPC_BAD_VALUE', 'not an int');
    expect(error.message).toBe('XMLRPC_BAD_VALUE: not an int');
    expect(error.name).toBe('CodecError');
    expect(error.codec).toBe('xml-rpc');
    expect(error.detail).toBe('not an int');
    expect(error.path).toBeUndefined();
    expect(
      new CodecError(
        'ontraport-xml',
        'ONTRAPORT_BAD_VALUE',
        'not a date',
        'contacts[0].Date',
      ).message,
    ).toBe('ONTRAPORT_BAD_VALUE at contacts[0].Date: not a date');
  });

  it('at(path) locates an error that has no path, keeping codec, code and detail', () => {
    const located = new CodecError('xml', 'XML_INVALID_CHARACTER', 'U+0007').at(
      'params[0]',
    );
    expect(located).toBeInstanceOf(CodecError);
    expect(located).toMatchObject({
      codec: 'xml',
      code: 'XML_INVALID_CHARACTER',
      detail: 'U+0007',
      path: 'params[0]',
      message: 'XML_INVALID_CHARACTER at params[0]: U+0007',
    });
    expect(located.at('elsewhere')).toBe(located);
  });

  it('is recognised by isCodecError and by instanceof Error', () => {
    const error = new CodecError('xml', 'XML_MALFORMED', 'truncated');
    expect(isCodecError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect(isCodecError(new Error('XML_MALFORMED: truncated'))).toBe(false);
  });
});
