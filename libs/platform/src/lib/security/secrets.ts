import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** `scrypt$<salt>$<hash>`: for passwords we only ever compare (webhook, channel partner). */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Constant-time: how long it takes says nothing about how much of the secret was right. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(secret, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * AES-256-GCM for secrets we must read back (CRM API keys). The key id travels with the value
 * (`v1:<kid>:<iv>:<tag>:<data>`), so keys can rotate: new values use the newest key and old ones
 * stay readable while any key that wrote them is configured.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;

  /** `keys` are `kid:base64key` pairs; the first is used to encrypt. */
  constructor(keys: string[]) {
    this.keys = new Map(
      keys.map((k) => {
        const [kid, b64] = k.split(':');
        const key = Buffer.from(b64 ?? '', 'base64');
        if (!kid || key.length !== 32) throw new Error('master keys must be "kid:<32 bytes base64>"');
        return [kid, key];
      }),
    );
    if (!this.keys.size) throw new Error('no master key configured');
  }

  static fromEnv(value: string): SecretBox {
    return new SecretBox(value.split(',').map((s) => s.trim()).filter(Boolean));
  }

  encrypt(plain: string): string {
    const [kid, key] = this.keys.entries().next().value as [string, Buffer];
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', kid, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
  }

  decrypt(sealed: string): string {
    const [v, kid, iv, tag, data] = sealed.split(':');
    const key = this.keys.get(kid ?? '');
    if (v !== 'v1' || !key || !iv || !tag || data === undefined) throw new Error('cannot open this secret with the configured keys');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}

/** Shows that a secret is set without showing it: `…c3f9`. */
export function hint(secret: string): string {
  return secret.length > 8 ? `…${secret.slice(-4)}` : '…';
}
