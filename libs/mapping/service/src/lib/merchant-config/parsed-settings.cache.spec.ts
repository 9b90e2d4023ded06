import { Logger } from '@nestjs/common';
import type { InfusionsoftSettings } from '@hub/mapping-rules';
import { ParsedSettingsCache } from './parsed-settings.cache';

describe('ParsedSettingsCache', () => {
  afterEach(() => jest.restoreAllMocks());

  it('hands out the same frozen settings for the same stored text', () => {
    const cache = new ParsedSettingsCache();
    const json = JSON.stringify({ contactTags: ['Customer'] });
    const first = cache.parse('DEMO', 'infusionsoft', json);
    const tags = first.ok ? (first.settings as InfusionsoftSettings).contactTags : undefined;
    expect(tags).toEqual(['Customer']);
    expect(cache.parse('DEMO', 'infusionsoft', json)).toBe(first);
    expect(Object.isFrozen(tags)).toBe(true);
  });

  it('says once which fields of a row stored under older rules no longer pass, instead of sending nothing silently', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const cache = new ParsedSettingsCache();
    const json = JSON.stringify({ abandonedCart: [], goals: [[]] });
    expect(cache.parse('DEMO', 'infusionsoft', json).ok).toBe(false);
    expect(cache.parse('DEMO', 'infusionsoft', json).ok).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/infusionsoft settings stored for DEMO no longer pass validation \(abandonedCart, goals\)/);
  });
});
