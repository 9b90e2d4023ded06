import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** HTTP Basic credentials the cart uses for one merchant's webhook; the password is hashed. */
@Entity({ name: 'webhook_credentials' })
export class WebhookCredential {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  /** HMAC-SHA256 key for `X-Hub-Signature-256`, sealed with the master key; null: no signature asked. */
  @Column({ name: 'signing_secret_sealed', type: 'text', nullable: true })
  signingSecretSealed: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
