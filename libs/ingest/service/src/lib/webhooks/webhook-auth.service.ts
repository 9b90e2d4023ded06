import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashSecret, SecretBox, UnauthorizedError, verifySecret } from '@hub/platform';
import { WebhookCredential } from '../database/webhook-credential.entity';
import { INGEST_CONFIG, IngestConfig } from './ingest.config';

/** `sha256=<hex of HMAC-SHA256(secret, raw body)>`, as GitHub-style senders sign. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

// Compared against when the merchant is unknown, so a wrong merchant id takes as long as a wrong password.
const DUMMY_HASH = hashSecret('not-a-real-password');

export interface WebhookCredentials {
  authorization: string | undefined;
  signature: string | undefined;
  /** The body exactly as sent (a signature covers these bytes, not a re-serialisation). */
  body: Buffer | undefined;
}

interface Verified {
  /** SHA-256 of the whole Authorization header that passed scrypt. */
  headerDigest: Buffer;
  signingKey?: Buffer;
  expiresAt: number;
}

/**
 * Per-merchant HTTP Basic credentials (password scrypt-hashed) and an optional HMAC signing key
 * (sealed). Every comparison is constant-time, and every failure is the same 401 without detail.
 */
@Injectable()
export class WebhookAuthService {
  private readonly verified = new Map<string, Verified>();

  constructor(
    @InjectRepository(WebhookCredential) private readonly credentials: Repository<WebhookCredential>,
    private readonly box: SecretBox,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  /** Throws UnauthorizedError unless the Basic credentials (and the signature, when the merchant has a key) match. */
  async verify(merchantId: string, presented: WebhookCredentials): Promise<void> {
    const digest = sha256(presented.authorization ?? '');
    let known = this.verified.get(merchantId);
    if (!known || known.expiresAt <= Date.now() || !timingSafeEqual(known.headerDigest, digest)) {
      known = await this.verifyStored(merchantId, presented.authorization, digest);
    }
    if (known.signingKey && !signatureMatches(known.signingKey, presented.body ?? Buffer.alloc(0), presented.signature)) {
      throw new UnauthorizedError('Invalid credentials');
    }
  }

  async setCredentials(merchantId: string, username: string, password: string): Promise<void> {
    await this.credentials.upsert({ merchantId, username, passwordHash: await hashSecret(password) }, ['merchantId']);
    this.verified.delete(merchantId);
  }

  /** Asks (or, with null, stops asking) this merchant's sender to sign every body. */
  async setSigningSecret(merchantId: string, secret: string | null): Promise<void> {
    const result = await this.credentials.update({ merchantId }, { signingSecretSealed: secret === null ? null : this.box.encrypt(secret) });
    if (!result.affected) throw new Error(`no webhook credentials for merchant ${merchantId}: set them first`);
    this.verified.delete(merchantId);
  }

  private async verifyStored(merchantId: string, authorization: string | undefined, digest: Buffer): Promise<Verified> {
    const [user, password] = parseBasic(authorization);
    const stored = await this.credentials.findOneBy({ merchantId });
    const passwordOk = await verifySecret(password, stored?.passwordHash ?? (await DUMMY_HASH));
    const userOk = timingSafeEqual(sha256(user), sha256(stored?.username ?? ''));
    if (!stored || !passwordOk || !userOk) throw new UnauthorizedError('Invalid credentials');
    const verified: Verified = {
      headerDigest: digest,
      signingKey: stored.signingSecretSealed ? Buffer.from(this.box.decrypt(stored.signingSecretSealed), 'utf8') : undefined,
      expiresAt: Date.now() + this.config.WEBHOOK_AUTH_CACHE_SECONDS * 1000,
    };
    if (this.config.WEBHOOK_AUTH_CACHE_SECONDS > 0) this.verified.set(merchantId, verified);
    return verified;
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function signatureMatches(key: Buffer, body: Buffer, header: string | undefined): boolean {
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!m) return false;
  return timingSafeEqual(Buffer.from(m[1], 'hex'), createHmac('sha256', key).update(body).digest());
}

function parseBasic(header: string | undefined): [string, string] {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return ['', ''];
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? ['', ''] : [decoded.slice(0, i), decoded.slice(i + 1)];
}
