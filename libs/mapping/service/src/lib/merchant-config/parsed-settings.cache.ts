import { Logger } from '@nestjs/common';
import { parseInfusionsoftSettings, parseOntraportSettings } from '@hub/mapping-rules';
import { Crm } from '../database';

export const SETTINGS_PARSERS = { ontraport: parseOntraportSettings, infusionsoft: parseInfusionsoftSettings } as const;

type Parsed = ReturnType<(typeof SETTINGS_PARSERS)[Crm]>;

/** Merchants × CRMs remembered; past it the least recently used goes. */
const MAX_ENTRIES = 20_000;

/**
 * Each CRM's stored settings, validated once per version of the row instead of once per event.
 * The key is the JSON text as stored, read with every event: the same text always gives the same
 * settings (the parsers are pure), and any change to the row is a different text, so a change is
 * used from the next event on, by every replica. (`updated_at` would do the same with one less
 * column, but it has microseconds and a JavaScript Date milliseconds.)
 *
 * The settings handed out are shared between events, so they are frozen: the rules only read them.
 */
export class ParsedSettingsCache {
  private readonly logger = new Logger('MerchantConfig');
  private readonly entries = new Map<string, { json: string; parsed: Parsed }>();

  parse(merchantId: string, crm: Crm, json: string): Parsed {
    const key = `${crm}\u0000${merchantId}`;
    const hit = this.entries.get(key);
    if (hit && hit.json === json) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.parsed;
    }
    const parsed = SETTINGS_PARSERS[crm](JSON.parse(json));
    if (parsed.ok) deepFreeze(parsed.settings);
    // Rows are written through the same parser, so this is a row stored under older, looser rules
    // (a list where an object goes was accepted until the contracts were tightened): say so once
    // per version of the row instead of sending nothing to that CRM without a word.
    else this.logger.warn(`${crm} settings stored for ${merchantId} no longer pass validation (${parsed.problems.map((p) => p.field || '(settings)').join(', ')}); nothing goes to ${crm} for this merchant until they are saved again`);
    this.entries.delete(key);
    this.entries.set(key, { json, parsed });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return parsed;
  }
}

function deepFreeze(o: object): void {
  for (const v of Object.values(o)) if (v && typeof v === 'object' && !Object.isFrozen(v)) deepFreeze(v);
  Object.freeze(o);
}
