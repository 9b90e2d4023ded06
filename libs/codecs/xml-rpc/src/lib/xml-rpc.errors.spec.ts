import * as xmlCore from '@hub/codecs-xml-core';
import { decodeMethodResponse } from './xml-rpc.decoder';
import { encodeMethodCall } from './xml-rpc.encoder';
import { CodecError, XML_ERROR_CODES } from './xml-rpc.errors';

describe('xml-rpc errors', () => {
  it('are the one class of @hub/codecs-xml-core, re-exported', () => {
    expect(CodecError).toBe(xmlCore.CodecError);
    expect(XML_ERROR_CODES).toBe(xmlCore.XML_ERROR_CODES);
  });

  it("name codec 'xml-rpc' whether the XML, the envelope or a value is at fault", () => {
    const fromXmlRpc = (code: string) =>
      expect.objectContaining({ codec: 'xml-rpc', code });
    expect(() => decodeMethodResponse('<methodResponse>')).toThrow(
      fromXmlRpc('XML_MALFORMED'),
    );
    expect(() => decodeMethodResponse('<a/>')).toThrow(
      fromXmlRpc('XMLRPC_BAD_STRUCTURE'),
    );
    expect(() => encodeMethodCall('m', ['\u0007'])).toThrow(
      fromXmlRpc('XML_INVALID_CHARACTER'),
    );
    expect(() => encodeMethodCall('m', ['\u0007'])).toThrow(xmlCore.CodecError);
  });
});
