import { brotliCompress, brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { promisify } from 'node:util';

/**
 * How a message body may be compressed on the bus: the AMQP `content-encoding` property names it
 * (`br` or `gzip`; absent = plain JSON). Large bodies — transmission records carrying whole webhook
 * deliveries or XML exchanges — are compressed by the publisher, so the broker stores and moves a
 * tenth of the bytes; every consumer decodes through `decodeWireContent` before it parses.
 */
export type WireEncoding = 'br' | 'gzip';

/** Bodies smaller than this travel plain: compressing them saves the broker nothing worth the CPU. */
export const COMPRESS_MIN_BYTES = 4 * 1024;
/** The most a compressed body may expand to: a hostile or broken message cannot exhaust memory. */
export const MAX_DECODED_BYTES = 32 * 1024 * 1024;
/** Above this, compression runs on the thread pool rather than on the event loop. */
const ASYNC_FROM_BYTES = 512 * 1024;

// Quality 1: roughly a tenth of the size for JSON at a small fraction of a millisecond per 100 KB.
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };
const brotliAsync = promisify(brotliCompress);

export class WireEncodingError extends Error {}

/** Compresses a body worth compressing; small bodies come back as they were, without an encoding. */
export async function encodeWireContent(content: Buffer): Promise<{ content: Buffer; contentEncoding?: WireEncoding }> {
  if (content.length < COMPRESS_MIN_BYTES) return { content };
  const params = { ...BROTLI, params: { ...BROTLI.params, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } };
  const compressed = content.length >= ASYNC_FROM_BYTES ? await brotliAsync(content, params) : brotliCompressSync(content, params);
  return compressed.length < content.length ? { content: compressed, contentEncoding: 'br' } : { content };
}

/** The plain body of a message, whatever its declared encoding; throws WireEncodingError when it cannot be read. */
export function decodeWireContent(content: Buffer, contentEncoding: string | undefined): Buffer {
  const options = { maxOutputLength: MAX_DECODED_BYTES };
  try {
    switch (contentEncoding) {
      case undefined:
      case '':
      case 'identity':
        return content;
      case 'br':
        return brotliDecompressSync(content, options);
      case 'gzip':
        return gunzipSync(content, options);
      default:
        throw new WireEncodingError(`unknown content-encoding "${contentEncoding}"`);
    }
  } catch (err) {
    if (err instanceof WireEncodingError) throw err;
    throw new WireEncodingError(`body cannot be decoded as ${contentEncoding}: ${(err as Error).message}`);
  }
}
