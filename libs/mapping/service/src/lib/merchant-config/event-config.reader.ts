import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ProductMappingRow } from '@hub/mapping-rules';
import { Crm, ProductMapping } from '../database';
import { toRow } from './product-mappings.store';

/** One CRM's settings row as stored (the JSON text, for the parsed-settings cache), with what an event needs of it. */
export interface EventConfigRow {
  crm: Crm;
  settingsJson: string;
  /** The product mappings of this CRM for the event's items. */
  mappings: Map<string, ProductMappingRow>;
}

export interface EventConfig {
  rows: EventConfigRow[];
  /** Catalog folders of the event's items (asked for only when the merchant has Infusionsoft settings). */
  itemFolders: Record<string, string[]>;
}

interface RawRow {
  crm: Crm;
  settings: string;
  mappings: Pick<ProductMapping, 'itemId' | 'productName' | 'crmProductId' | 'externalId'>[] | null;
  folders: Record<string, string[]> | null;
}

/**
 * What the rules need for one event, read in one statement: each CRM's settings row, that CRM's
 * mappings of the event's items, and (with Infusionsoft settings) the items' folders. Same rows as
 * asking each table in turn, in one round trip instead of three or four; nothing is cached, so two
 * replicas read the same configuration.
 */
@Injectable()
export class EventConfigReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(merchantId: string, itemIds: string[], withFolders: boolean): Promise<EventConfig> {
    const rows: RawRow[] = await this.db.query(
      `SELECT s.crm, s.settings::text AS settings,
              CASE WHEN cardinality($2::text[]) > 0 THEN
                (SELECT json_agg(json_build_object('itemId', m.item_id, 'productName', m.product_name,
                                                   'crmProductId', m.crm_product_id::text, 'externalId', m.external_id))
                   FROM product_mappings m
                  WHERE m.merchant_id = s.merchant_id AND m.crm = s.crm AND m.item_id = ANY($2::text[]))
              END AS mappings,
              CASE WHEN $3::boolean AND s.crm = 'infusionsoft' AND cardinality($2::text[]) > 0 THEN
                (SELECT json_object_agg(f.item_id, f.folders)
                   FROM catalog_folders f
                  WHERE f.merchant_id = s.merchant_id AND f.item_id = ANY($2::text[]))
              END AS folders
         FROM crm_settings s
        WHERE s.merchant_id = $1`,
      [merchantId, itemIds, withFolders],
    );
    return {
      rows: rows.map((r) => ({
        crm: r.crm,
        settingsJson: r.settings,
        mappings: new Map((r.mappings ?? []).map((m) => [m.itemId, toRow(m)])),
      })),
      itemFolders: rows.find((r) => r.folders)?.folders ?? {},
    };
  }

  /** Each CRM's settings as stored (JSON text). */
  async settings(merchantId: string): Promise<{ crm: Crm; settingsJson: string }[]> {
    const rows: { crm: Crm; settings: string }[] = await this.db.query(`SELECT crm, settings::text AS settings FROM crm_settings WHERE merchant_id = $1`, [merchantId]);
    return rows.map((r) => ({ crm: r.crm, settingsJson: r.settings }));
  }
}
