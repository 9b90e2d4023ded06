import {
  CodecError as SharedCodecError,
  isCodecError as isSharedCodecError,
} from '@hub/codecs-xml-core';
import { buildContactTagsXml } from './contacts-data.builder';
import { decodeResponse } from './ontraport-response.decoder';
import { CodecError, isCodecError } from './ontraport-xml.errors';

const failures: Array<[string, () => unknown, string]> = [
  ['HTML', () => decodeResponse('<html><body>502</html>'), 'XML_MALFORMED'],
  ['<error/>', () => decodeResponse('<error/>'), 'ONTRAPORT_BAD_RESPONSE'],
  [
    'a BEL tag',
    () => buildContactTagsXml({ contactId: 1, tags: ['\u0007'] }),
    'XML_INVALID_CHARACTER',
  ],
];

it.each(failures)(
  '%s fails with the shared CodecError of codec ontraport-xml',
  (_, run, code) => {
    expect(run).toThrow(SharedCodecError);
    expect(run).toThrow(
      expect.objectContaining({ codec: 'ontraport-xml', code }),
    );
    expect(CodecError).toBe(SharedCodecError);
    expect(isCodecError).toBe(isSharedCodecError);
  },
);
