/**
 * The REST interface authenticates with HTTP Basic `<channelPartnerCode>:<password>` for the
 * merchant in the path: the same credentials as the legacy form's `credentials.*`.
 */
export function basicCredentials(merchantId: string, authorization: string | undefined): Record<string, string> {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
  const i = decoded.indexOf(':');
  return { merchantId, channelPartnerCode: i < 0 ? '' : decoded.slice(0, i), channelPartnerPassword: i < 0 ? '' : decoded.slice(i + 1) };
}
