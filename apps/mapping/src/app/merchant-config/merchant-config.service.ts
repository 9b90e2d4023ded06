import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { MerchantConfig } from '@hub/mapping-rules';
import { OntraportCredentialsReply } from '@hub/messaging-contracts';
import { NotFoundError, SecretBox } from '@hub/platform';
import { MerchantIntegration, ProductMapping } from '../database';

export interface OntraportSettings {
  enabled: boolean;
  appId: string;
  apiKey: string;
}

@Injectable()
export class MerchantConfigService {
  constructor(
    @InjectRepository(MerchantIntegration) private readonly integrations: Repository<MerchantIntegration>,
    @InjectRepository(ProductMapping) private readonly mappings: Repository<ProductMapping>,
    private readonly box: SecretBox,
  ) {}

  /** The merchant's choices as the rules see them (no secrets). */
  async forRules(merchantId: string): Promise<MerchantConfig | undefined> {
    const row = await this.integrations.findOneBy({ merchantId });
    if (!row) return undefined;
    const mapped = await this.mappings.findBy({ merchantId, crm: 'ontraport' });
    return {
      merchantId,
      ontraport: row.ontraportAppId
        ? { enabled: row.ontraportEnabled, productNames: Object.fromEntries(mapped.map((m) => [m.itemId, m.productName])) }
        : undefined,
    };
  }

  async ontraportCredentials(merchantId: string): Promise<OntraportCredentialsReply> {
    const row = await this.integrations.findOneBy({ merchantId });
    if (!row?.ontraportAppId || !row.ontraportApiKeySealed) throw new NotFoundError(`ONTRAPORT credentials of merchant ${merchantId}`);
    return { appId: row.ontraportAppId, apiKey: this.box.decrypt(row.ontraportApiKeySealed) };
  }

  async setOntraport(merchantId: string, s: OntraportSettings): Promise<void> {
    await this.integrations.upsert(
      { merchantId, ontraportEnabled: s.enabled, ontraportAppId: s.appId, ontraportApiKeySealed: this.box.encrypt(s.apiKey) },
      ['merchantId'],
    );
  }

  async mapProduct(merchantId: string, crm: 'ontraport' | 'infusionsoft', itemId: string, productName: string): Promise<void> {
    await this.mappings.upsert({ merchantId, crm, itemId, productName }, ['merchantId', 'crm', 'itemId']);
  }
}
