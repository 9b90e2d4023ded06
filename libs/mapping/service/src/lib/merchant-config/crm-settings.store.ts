import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SecretBox } from '@hub/platform';
import { Crm, CrmSettingsRow, CredentialsStatus } from '../database';
import { SECRET_CREDENTIAL_FIELDS } from './crm-credentials.requests';

export interface StoredCredentials {
  plain: Record<string, unknown>;
  secrets: Record<string, string>;
}

/**
 * The `crm_settings` table: options as JSONB, credentials split into plain fields and secrets
 * sealed one by one with the SecretBox. Nothing here returns a secret except `openCredentials`,
 * which only the connector RPCs and the credential test use.
 */
@Injectable()
export class CrmSettingsStore {
  constructor(
    @InjectRepository(CrmSettingsRow) private readonly rows: Repository<CrmSettingsRow>,
    private readonly box: SecretBox,
  ) {}

  find(merchantId: string, crm: Crm): Promise<CrmSettingsRow | null> {
    return this.rows.findOneBy({ merchantId, crm });
  }

  findAll(merchantId: string): Promise<CrmSettingsRow[]> {
    return this.rows.findBy({ merchantId });
  }

  async saveSettings(merchantId: string, crm: Crm, settings: object): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .insert()
      .values({ merchantId, crm, settings: { ...settings }, credentialsStatus: 'missing' })
      .orUpdate(['settings', 'updated_at'], ['merchant_id', 'crm'])
      .execute();
  }

  /** Seals every secret field of `credentials`; the rest stays readable (App ID, app name, auth style). */
  async saveCredentials(merchantId: string, crm: Crm, credentials: object, status: Exclude<CredentialsStatus, 'missing'>, message: string): Promise<void> {
    const secretNames: readonly string[] = SECRET_CREDENTIAL_FIELDS[crm];
    const plain: Record<string, unknown> = {};
    const secrets: Record<string, string> = {};
    for (const [k, v] of Object.entries(credentials)) {
      if (v === undefined) continue;
      if (secretNames.includes(k)) secrets[k] = this.box.encrypt(String(v));
      else plain[k] = v;
    }
    await this.rows
      .createQueryBuilder()
      .insert()
      .values({
        merchantId,
        crm,
        // Credentials alone do not switch a CRM on: that takes the settings (enabled: true).
        settings: { enabled: false },
        // jsonb: TypeORM's deep-partial type cannot see that an object is a whole column value.
        credentials: plain as never,
        credentialSecrets: secrets,
        credentialsStatus: status,
        credentialsMessage: message,
        credentialsCheckedAt: new Date(),
      })
      .orUpdate(['credentials', 'credential_secrets', 'credentials_status', 'credentials_message', 'credentials_checked_at', 'updated_at'], ['merchant_id', 'crm'])
      .execute();
  }

  openCredentials(row: CrmSettingsRow): StoredCredentials | undefined {
    if (!row.credentials || !row.credentialSecrets) return undefined;
    return { plain: row.credentials, secrets: Object.fromEntries(Object.entries(row.credentialSecrets).map(([k, v]) => [k, this.box.decrypt(v)])) };
  }

  /**
   * Key rotation: re-seals every secret not sealed with the newest master key (the first of
   * HUB_MASTER_KEYS). Run after putting a new key first; the old key can go once this reports 0 left.
   */
  async resealAll(): Promise<{ resealed: number; rows: number }> {
    const all = await this.rows.find();
    const current = this.box.encrypt('probe').split(':')[1];
    let resealed = 0;
    for (const row of all) {
      const secrets = row.credentialSecrets ?? {};
      const stale = Object.entries(secrets).filter(([, v]) => v.split(':')[1] !== current);
      if (!stale.length) continue;
      for (const [k, v] of stale) secrets[k] = this.box.encrypt(this.box.decrypt(v));
      await this.rows.update({ merchantId: row.merchantId, crm: row.crm }, { credentialSecrets: secrets });
      resealed += stale.length;
    }
    return { resealed, rows: all.length };
  }
}
