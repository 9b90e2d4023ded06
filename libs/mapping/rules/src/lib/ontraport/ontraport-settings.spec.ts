import { BOTH_METHODS_MESSAGE, ontraportDelivery, parseOntraportSettings } from './ontraport-settings';

describe('OntraportSettings', () => {
  it('fills the defaults: REST v1, no pixel, everything sent', () => {
    const r = parseOntraportSettings({});
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.settings).toMatchObject({ enabled: true, apiMethod: 'rest-v1', partnerPixel: false, syncProducts: true, sendRefunds: true, pixelSubdomains: [] });
      expect(ontraportDelivery(r.settings)).toBe('rest');
    }
  });

  it('refuses the API method and the pixel together, saying why', () => {
    const r = parseOntraportSettings({ apiMethod: 'legacy-xml', partnerPixel: true, defaultPixelSubdomain: 'shop.ontraport.com' });
    expect(r).toEqual({ ok: false, problems: [{ field: 'partnerPixel', messages: [BOTH_METHODS_MESSAGE] }] });
    expect(BOTH_METHODS_MESSAGE).toMatch(/duplicate transactions/);
  });

  it('takes the pixel with the API off, and needs a sub-domain for it', () => {
    const ok = parseOntraportSettings({ apiMethod: 'off', partnerPixel: true, pixelSubdomains: [{ themeCode: 'DFLT', subdomain: 'shop.ontraport.com' }] });
    expect(ok.ok && ontraportDelivery(ok.settings)).toBe('pixel');
    const none = parseOntraportSettings({ apiMethod: 'off', partnerPixel: true });
    expect(none.ok ? [] : none.problems.map((p) => p.field)).toEqual(['partnerPixel']);
  });

  it('names each bad field, nested ones by index, and refuses unknown fields', () => {
    const r = parseOntraportSettings({
      apiMethod: 'soap',
      pixelSubdomains: [{ themeCode: 'A', subdomain: 'not a host' }, { themeCode: 'A', subdomain: 'a.ontraport.com' }],
      autoOrderStatusTags: [{ status: 'paused', tag: 'X' }],
      appKey: 'secret',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.field).sort()).toEqual(['apiMethod', 'appKey', 'autoOrderStatusTags.0.status', 'pixelSubdomains', 'pixelSubdomains.0.subdomain']);
  });

  it('refuses a list element that is a list (it was checked as a list of fields and stored)', () => {
    const r = parseOntraportSettings({ pixelSubdomains: [[]], autoOrderStatusTags: [{ status: 'active', tag: 'Active' }, []] });
    expect(r.ok ? [] : r.problems.map((p) => p.field).sort()).toEqual(['autoOrderStatusTags', 'pixelSubdomains']);
  });

  it('is "none" when disabled, whatever the method', () => {
    const r = parseOntraportSettings({ enabled: false });
    expect(r.ok && ontraportDelivery(r.settings)).toBe('none');
  });
});
