import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One merchant's CRM integrations. API keys are stored sealed (AES-256-GCM), never in clear. */
@Entity({ name: 'merchant_integrations' })
export class MerchantIntegration {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  @Column({ name: 'ontraport_enabled', type: 'boolean', default: false })
  ontraportEnabled: boolean;

  @Column({ name: 'ontraport_app_id', type: 'text', nullable: true })
  ontraportAppId: string | null;

  @Column({ name: 'ontraport_api_key_sealed', type: 'text', nullable: true })
  ontraportApiKeySealed: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
