import { brotliCompressSync, gzipSync } from 'node:zlib';
import { COMPRESS_MIN_BYTES, decodeWireContent, encodeWireContent, MAX_DECODED_BYTES, WireEncodingError } from './wire-encoding';

const record = (kb: number) => Buffer.from(JSON.stringify({ requestBody: JSON.stringify({ events: Array.from({ length: kb }, (_, i) => ({ order_create: { order_id: `O-${i}`, note: 'x'.repeat(900) } })) }) }));

describe('wire encoding', () => {
  it('compresses a large body with brotli and gives back the same bytes', async () => {
    const plain = record(100);
    const { content, contentEncoding } = await encodeWireContent(plain);
    expect(contentEncoding).toBe('br');
    expect(content.length).toBeLessThan(plain.length / 5);
    expect(decodeWireContent(content, contentEncoding).equals(plain)).toBe(true);
  });

  it('compresses very large bodies off the event loop with the same result', async () => {
    const plain = record(2_000);
    const { content, contentEncoding } = await encodeWireContent(plain);
    expect(contentEncoding).toBe('br');
    expect(decodeWireContent(content, contentEncoding).equals(plain)).toBe(true);
  });

  it('leaves a small body plain, without an encoding', async () => {
    const plain = Buffer.from('{"orderId":"O-1"}');
    expect(plain.length).toBeLessThan(COMPRESS_MIN_BYTES);
    await expect(encodeWireContent(plain)).resolves.toEqual({ content: plain });
  });

  it('reads plain and gzip bodies too', () => {
    const plain = Buffer.from('{"a":1}');
    expect(decodeWireContent(plain, undefined)).toBe(plain);
    expect(decodeWireContent(plain, 'identity')).toBe(plain);
    expect(decodeWireContent(gzipSync(plain), 'gzip').toString()).toBe('{"a":1}');
  });

  it('refuses an unknown encoding, a corrupt body and a body that expands past the limit', () => {
    expect(() => decodeWireContent(Buffer.from('{}'), 'compress')).toThrow(new WireEncodingError('unknown content-encoding "compress"'));
    expect(() => decodeWireContent(Buffer.from('not brotli at all'), 'br')).toThrow(WireEncodingError);
    const bomb = brotliCompressSync(Buffer.alloc(MAX_DECODED_BYTES + 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(() => decodeWireContent(bomb, 'br')).toThrow(/cannot be decoded as br/);
  });
});
