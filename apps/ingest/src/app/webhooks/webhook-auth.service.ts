import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { hashSecret, UnauthorizedError, verifySecret } from '@hub/platform';
import { WebhookCredential } from '../database/webhook-credential.entity';

// Compared against when the merchant is unknown, so a wrong merchant id takes as long as a wrong password.
const DUMMY_HASH = hashSecret('not-a-real-password');

@Injectable()
export class WebhookAuthService {
  constructor(@InjectRepository(WebhookCredential) private readonly credentials: Repository<WebhookCredential>) {}

  /** Throws UnauthorizedError (no detail of what was wrong) unless the Basic credentials match. */
  async verify(merchantId: string, authorization: string | undefined): Promise<void> {
    const [user, password] = parseBasic(authorization);
    const stored = await this.credentials.findOneBy({ merchantId });
    const passwordOk = await verifySecret(password, stored?.passwordHash ?? (await DUMMY_HASH));
    if (!stored || !passwordOk || user !== stored.username) throw new UnauthorizedError('Invalid credentials');
  }

  async setCredentials(merchantId: string, username: string, password: string): Promise<void> {
    await this.credentials.upsert({ merchantId, username, passwordHash: await hashSecret(password) }, ['merchantId']);
  }
}

function parseBasic(header: string | undefined): [string, string] {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return ['', ''];
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return i < 0 ? ['', ''] : [decoded.slice(0, i), decoded.slice(i + 1)];
}
