import { Injectable } from '@nestjs/common';
import {
  CascadeInputs,
  InfusionsoftSettings,
  itemIdsOf,
  OntraportSettings,
  orderOf,
  ProductMappingRow,
} from '@hub/mapping-rules';
import { InfusionsoftCredentialsDto, InfusionsoftCredentialsReply, OntraportCredentialsReply } from '@hub/messaging-contracts';
import { hint, NotFoundError, ValidationFailedError } from '@hub/platform';
import { Crm, CrmSettingsRow, CredentialsStatus } from '../database';
import { CatalogFoldersStore } from './catalog-folders.store';
import { CredentialsTester } from './credentials-tester';
import { CrmSettingsStore } from './crm-settings.store';
import { CustomerHistoryStore } from './customer-history.store';
import { EventConfigReader } from './event-config.reader';
import { ParsedSettingsCache, SETTINGS_PARSERS as PARSERS } from './parsed-settings.cache';

type MerchantSettings = { ontraport?: OntraportSettings; infusionsoft?: InfusionsoftSettings };

/** One CRM's configuration as the API shows it: options, credentials with secrets as hints, test status. */
export interface CrmConfigView {
  configured: boolean;
  settings: object;
  credentials: {
    status: CredentialsStatus;
    message: string | null;
    checkedAt: string | null;
    /** Plain fields as stored; each secret only as `…last4` (or `…` when short). */
    fields: Record<string, unknown>;
  };
}

/**
 * A merchant's CRM configuration: validated settings per CRM (each CRM's own settings class),
 * sealed credentials tested through the connector before they count as working, product
 * mappings and customer history — and, from them, the inputs the pure rules need.
 */
@Injectable()
export class MerchantConfigService {
  private readonly parsed = new ParsedSettingsCache();

  constructor(
    private readonly store: CrmSettingsStore,
    private readonly eventConfig: EventConfigReader,
    private readonly history: CustomerHistoryStore,
    private readonly folders: CatalogFoldersStore,
    private readonly tester: CredentialsTester,
  ) {}

  /** Validates with the CRM's settings class (defaults filled in); field-level 400 otherwise. Nothing changes on failure. */
  parseSettings(crm: Crm, input: unknown): OntraportSettings | InfusionsoftSettings {
    const parsed = PARSERS[crm](input);
    if (!parsed.ok) throw new ValidationFailedError(parsed.problems, `${crm} settings are not valid`);
    return parsed.settings;
  }

  async putSettings(merchantId: string, crm: Crm, input: unknown): Promise<CrmConfigView> {
    await this.store.saveSettings(merchantId, crm, this.parseSettings(crm, input));
    return this.view(merchantId, crm);
  }

  /** Tested first: refused by the CRM → 422 and nothing stored; CRM unreachable → stored as unverified. */
  async putCredentials(merchantId: string, crm: Crm, credentials: object): Promise<CrmConfigView> {
    const { api, ...stored } = credentials as Record<string, unknown>;
    // ONTRAPORT keys are tried on the API the merchant chose (legacy XML or REST) unless the call says otherwise.
    const apiStyle = crm === 'ontraport' ? (api ?? ((await this.settingsOf(merchantId)).ontraport?.apiMethod === 'legacy-xml' ? 'legacy' : 'rest')) : undefined;
    const verdict = await this.tester.test(crm, merchantId, { ...stored, ...(apiStyle ? { api: apiStyle } : {}) });
    await this.store.saveCredentials(merchantId, crm, stored, verdict.status, verdict.message);
    return this.view(merchantId, crm);
  }

  async view(merchantId: string, crm: Crm): Promise<CrmConfigView> {
    return this.toView(crm, await this.store.find(merchantId, crm));
  }

  async viewAll(merchantId: string): Promise<Record<Crm, CrmConfigView>> {
    const rows = await this.store.findAll(merchantId);
    const of = (crm: Crm) => this.toView(crm, rows.find((r) => r.crm === crm) ?? null);
    return { ontraport: of('ontraport'), infusionsoft: of('infusionsoft') };
  }

  /** The connector's RPC: decrypted only here, for it. */
  async ontraportCredentials(merchantId: string): Promise<OntraportCredentialsReply> {
    const row = await this.store.find(merchantId, 'ontraport');
    const creds = row && this.store.openCredentials(row);
    if (!creds?.secrets['apiKey'] || typeof creds.plain['appId'] !== 'string') throw new NotFoundError(`ONTRAPORT credentials of merchant ${merchantId}`);
    return { appId: creds.plain['appId'], apiKey: creds.secrets['apiKey'] };
  }

  async infusionsoftCredentials(merchantId: string): Promise<InfusionsoftCredentialsReply> {
    const row = await this.store.find(merchantId, 'infusionsoft');
    const creds = row && this.store.openCredentials(row);
    if (!creds) throw new NotFoundError(`Infusionsoft credentials of merchant ${merchantId}`);
    const { notifyEmails, callsPerSecond, ...plain } = creds.plain as Record<string, unknown> & { notifyEmails?: string[]; callsPerSecond?: number };
    return {
      credentials: { ...plain, ...creds.secrets } as unknown as InfusionsoftCredentialsDto,
      notifyEmails: notifyEmails ?? [],
      ...(callsPerSecond ? { callsPerSecond } : {}),
    };
  }

  /**
   * Settings as stored, validated (a row from an older version gets today's defaults). Validated
   * once per stored version of each row (ParsedSettingsCache), read from the table every time.
   */
  async settingsOf(merchantId: string): Promise<MerchantSettings> {
    return this.parsedSettings(merchantId, await this.eventConfig.settings(merchantId));
  }

  /**
   * Everything the rules need for one event. `record`: the consumer remembers a placed order in
   * the customer history and an item's folders; the preview only reads them. Two statements for
   * an order (its configuration, then the customer history), one for other events, and a third
   * for item events (their folders).
   */
  async cascadeInputs(merchantId: string, routingKey: string, event: unknown, options: { record: boolean }): Promise<CascadeInputs> {
    const items = itemIdsOf(routingKey, event);
    const order = orderOf(routingKey, event);
    const config = await this.eventConfig.read(merchantId, items, !!order);
    const settings = this.parsedSettings(merchantId, config.rows);
    const mappingsOf = (crm: Crm) => (settings[crm] && config.rows.find((r) => r.crm === crm)?.mappings) || new Map<string, ProductMappingRow>();
    const [ontraportRows, infusionsoftRows] = [mappingsOf('ontraport'), mappingsOf('infusionsoft')];
    if (options.record) await this.folders.remember(merchantId, routingKey, event);
    const itemFolders = order && settings.infusionsoft ? config.itemFolders : {};
    const repeatCustomer = order?.customer?.email
      ? options.record
        ? await this.history.decideAndRecord(merchantId, order)
        : await this.history.isRepeat(merchantId, order)
      : false;
    return {
      merchantId,
      ...settings,
      ontraportProducts: (itemId) => {
        const r = ontraportRows.get(itemId);
        return r && { name: r.productName, productId: r.productId, externalId: r.externalId };
      },
      infusionsoftProductIdOf: (itemId) => infusionsoftRows.get(itemId)?.productId,
      repeatCustomer,
      infusionsoftFacts: { itemFolders },
    };
  }

  private parsedSettings(merchantId: string, rows: { crm: Crm; settingsJson: string }[]): MerchantSettings {
    const out: MerchantSettings = {};
    for (const row of rows) {
      const parsed = this.parsed.parse(merchantId, row.crm, row.settingsJson);
      if (!parsed.ok) continue; // a row stored under older, looser rules: ParsedSettingsCache has warned; it sends nothing
      if (row.crm === 'ontraport') out.ontraport = parsed.settings as OntraportSettings;
      else out.infusionsoft = parsed.settings as InfusionsoftSettings;
    }
    return out;
  }

  private toView(crm: Crm, row: CrmSettingsRow | null): CrmConfigView {
    const parsed = row ? PARSERS[crm](row.settings) : undefined;
    const secrets = row ? this.store.openCredentials(row)?.secrets : undefined;
    return {
      configured: !!row,
      settings: parsed?.ok ? parsed.settings : (row?.settings ?? {}),
      credentials: {
        status: row?.credentialsStatus ?? 'missing',
        message: row?.credentialsMessage ?? null,
        checkedAt: row?.credentialsCheckedAt?.toISOString() ?? null,
        fields: { ...(row?.credentials ?? {}), ...Object.fromEntries(Object.entries(secrets ?? {}).map(([k, v]) => [k, hint(v)])) },
      },
    };
  }
}
