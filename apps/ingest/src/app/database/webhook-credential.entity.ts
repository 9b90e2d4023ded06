import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** HTTP Basic credentials the cart uses for one merchant's webhook; the password is hashed. */
@Entity({ name: 'webhook_credentials' })
export class WebhookCredential {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
