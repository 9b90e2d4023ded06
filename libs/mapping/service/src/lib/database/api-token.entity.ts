import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { MerchantRole } from '@hub/messaging-contracts';

/** A merchant's bearer token, stored as its SHA-256 digest; the token is shown once, at creation. */
@Entity({ name: 'api_tokens' })
export class ApiToken {
  @PrimaryColumn({ name: 'token_id', type: 'uuid' })
  tokenId: string;

  @Column({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  @Column({ type: 'text' })
  role: MerchantRole;

  @Column({ type: 'text' })
  label: string;

  @Column({ name: 'token_digest', type: 'bytea' })
  tokenDigest: Buffer;

  /** The last four characters, so an admin can tell tokens apart. */
  @Column({ type: 'text' })
  hint: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
