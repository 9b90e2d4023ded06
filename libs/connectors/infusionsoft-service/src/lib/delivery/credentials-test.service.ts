import { Injectable } from '@nestjs/common';
import { resolveEndpoint } from '@hub/infusionsoft-core';
import { InfusionsoftTestCredentialsReply, InfusionsoftTestCredentialsRequest } from '@hub/messaging-contracts';
import { InfusionsoftXmlRpcClient } from './xml-rpc.client';

/**
 * The credential test on save (guide: "If you have an invalid API Key or App Name, the page will
 * let you know"): one harmless read with the candidate credentials, never recorded or logged.
 */
@Injectable()
export class CredentialsTestService {
  constructor(private readonly client: InfusionsoftXmlRpcClient) {}

  async test(request: InfusionsoftTestCredentialsRequest): Promise<InfusionsoftTestCredentialsReply> {
    const c = request.credentials;
    const endpoint = resolveEndpoint(c, this.client.defaults);
    const outcome = await this.client.exchange(endpoint, 'DataService.findByField', ['ContactGroup', 1, 0, 'Id', '%', ['Id']], {
      merchantId: request.merchantId,
      type: 'credentials',
      description: 'credential test',
      attempt: 1,
      record: false,
    });
    const who = c.auth === 'api-key' ? `app "${c.appName}"` : c.auth === 'oauth' ? 'the OAuth token' : 'the service-account key';
    if (outcome.ok) return { verdict: 'ok', message: `Infusionsoft accepted the credentials for ${who}` };
    if (outcome.code === 'INFUSIONSOFT_UNKNOWN_APP') return { verdict: 'unknown-app', message: `There is no Infusionsoft application named "${c.appName}": check the app name` };
    if (outcome.fault?.kind === 'invalid-key' || outcome.code === 'INFUSIONSOFT_UNAUTHORIZED') {
      const what = c.auth === 'api-key' ? `the API key for app "${c.appName}"` : who;
      return { verdict: 'wrong-key', message: `Infusionsoft refused ${what}: ${outcome.fault?.faultString ?? outcome.message}` };
    }
    if (outcome.fault?.kind === 'throttled') return { verdict: 'rate-limited', message: 'Infusionsoft is throttling this app right now; try again in a minute' };
    return { verdict: 'unreachable', message: `Infusionsoft could not be asked: ${outcome.message}` };
  }
}
