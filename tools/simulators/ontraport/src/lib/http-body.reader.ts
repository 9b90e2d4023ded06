import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this much an oversized body is not even drained: the socket is cut. */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

export interface BodyRead {
  text: string;
  bytes: number;
  tooLarge: boolean;
}

/**
 * Reads the body up to `limit` bytes. An oversized body is drained (not kept) so the 413 can be
 * answered on a healthy connection instead of resetting it under a client still sending.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      const tooLarge = bytes > limit;
      resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), bytes, tooLarge });
    };
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) chunks.push(chunk);
      else chunks.length = 0;
      if (bytes > MAX_DRAIN_BYTES) req.socket.destroy();
    });
    req.on('end', finish);
    req.on('error', finish);
    req.on('close', finish);
  });
}
