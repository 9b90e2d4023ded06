import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const CRMS = ['ontraport', 'infusionsoft'] as const;
export type Crm = (typeof CRMS)[number];

/** `missing`: no credentials; `working`: the CRM accepted them; `unverified`: saved while the CRM could not be asked. */
export type CredentialsStatus = 'missing' | 'working' | 'unverified';

/**
 * One merchant's options for one CRM. `settings` is what the CRM's settings class validated;
 * `credentials` holds their plain fields, `credentialSecrets` each secret field sealed on its own.
 */
@Entity({ name: 'crm_settings' })
export class CrmSettingsRow {
  @PrimaryColumn({ name: 'merchant_id', type: 'text' })
  merchantId: string;

  @PrimaryColumn({ type: 'text' })
  crm: Crm;

  @Column({ type: 'jsonb' })
  settings: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  credentials: Record<string, unknown> | null;

  @Column({ name: 'credential_secrets', type: 'jsonb', nullable: true })
  credentialSecrets: Record<string, string> | null;

  @Column({ name: 'credentials_status', type: 'text' })
  credentialsStatus: CredentialsStatus;

  @Column({ name: 'credentials_message', type: 'text', nullable: true })
  credentialsMessage: string | null;

  @Column({ name: 'credentials_checked_at', type: 'timestamptz', nullable: true })
  credentialsCheckedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
