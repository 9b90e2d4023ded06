import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChannelPartnerReply } from '@hub/messaging-contracts';
import { hashSecret, UnauthorizedError, verifySecret } from '@hub/platform';
import { ORDER_IMPORT_CONFIG, OrderImportConfig } from '../order-import.config';

// Compared against when the partner is unknown, so a wrong code takes as long as a wrong password.
const DUMMY_HASH = hashSecret('not-a-real-password');

interface Verified {
  digest: Buffer;
  expiresAt: number;
}

/** Channel-partner credentials: the password scrypt-hashed; every failure the same 401. */
@Injectable()
export class ChannelPartnersService {
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly db: DataSource,
    @Inject(ORDER_IMPORT_CONFIG) private readonly config: OrderImportConfig,
  ) {}

  async verify(merchantId: string, code: string, password: string): Promise<void> {
    const key = `${merchantId}\u0000${code}`;
    const digest = createHash('sha256').update(password, 'utf8').digest();
    const known = this.verified.get(key);
    if (known && known.expiresAt > Date.now() && timingSafeEqual(known.digest, digest)) return;
    const [row] = await this.db.query(`SELECT password_hash FROM channel_partners WHERE merchant_id = $1 AND code = $2`, [merchantId, code]);
    const ok = await verifySecret(password, (row?.password_hash as string | undefined) ?? (await DUMMY_HASH));
    if (!row || !ok) throw new UnauthorizedError('Invalid channel partner credentials');
    if (this.config.CHANNEL_PARTNER_AUTH_CACHE_SECONDS > 0) this.verified.set(key, { digest, expiresAt: Date.now() + this.config.CHANNEL_PARTNER_AUTH_CACHE_SECONDS * 1000 });
  }

  async upsert(merchantId: string, code: string, password: string): Promise<ChannelPartnerReply> {
    const [row] = await this.db.query(
      `INSERT INTO channel_partners (merchant_id, code, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (merchant_id, code) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = now()
       RETURNING (xmax = 0) AS created`,
      [merchantId, code, await hashSecret(password)],
    );
    this.verified.delete(`${merchantId}\u0000${code}`);
    return { merchantId, channelPartnerCode: code, outcome: row.created ? 'created' : 'updated' };
  }

  async remove(merchantId: string, code: string): Promise<ChannelPartnerReply> {
    const [, affected] = await this.db.query(`DELETE FROM channel_partners WHERE merchant_id = $1 AND code = $2`, [merchantId, code]);
    this.verified.delete(`${merchantId}\u0000${code}`);
    return { merchantId, channelPartnerCode: code, outcome: affected ? 'deleted' : 'absent' };
  }
}
