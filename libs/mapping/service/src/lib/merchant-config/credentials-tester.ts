import { Injectable } from '@nestjs/common';
import {
  InfusionsoftTestCredentialsReply,
  InfusionsoftTestCredentialsRequest,
  OntraportTestCredentialsReply,
  OntraportTestCredentialsRequest,
  RpcPatterns,
} from '@hub/messaging-contracts';
import { MessagePublisher } from '@hub/messaging-nest';
import { HubError, PermanentError } from '@hub/platform';
import { Crm } from '../database';

export interface CredentialsVerdict {
  /** `working`: the CRM accepted them; `unverified`: the CRM could not be asked (saved, flagged). */
  status: 'working' | 'unverified';
  message: string;
}

/** How long the admin waits for the CRM's answer before the credentials are saved as unverified. */
const TEST_TIMEOUT_MS = 20_000;

/**
 * Tries credentials through the CRM's connector (RPC) before they are stored. A refusal by the
 * CRM (wrong key, unknown app) throws CREDENTIALS_REJECTED (422) and nothing is stored; when the
 * CRM or its connector cannot be asked, they are stored as `unverified`, never as working.
 */
@Injectable()
export class CredentialsTester {
  constructor(private readonly publisher: MessagePublisher) {}

  async test(crm: Crm, merchantId: string, credentials: Record<string, unknown>): Promise<CredentialsVerdict> {
    let verdict: string;
    let message: string;
    try {
      if (crm === 'ontraport') {
        const req: OntraportTestCredentialsRequest = { merchantId, appId: String(credentials['appId']), apiKey: String(credentials['apiKey']), api: credentials['api'] as OntraportTestCredentialsRequest['api'] };
        ({ verdict, message } = await this.publisher.request<OntraportTestCredentialsReply>(RpcPatterns.ontraport.testCredentials, req, { timeoutMs: TEST_TIMEOUT_MS }));
      } else {
        const { notifyEmails: _n, callsPerSecond: _c, ...only } = credentials;
        const req = { merchantId, credentials: only } as unknown as InfusionsoftTestCredentialsRequest;
        ({ verdict, message } = await this.publisher.request<InfusionsoftTestCredentialsReply>(RpcPatterns.infusionsoft.testCredentials, req, { timeoutMs: TEST_TIMEOUT_MS }));
      }
    } catch (err) {
      const why = err instanceof HubError ? `${err.code}: ${err.message}` : 'unexpected error';
      return { status: 'unverified', message: `could not test the credentials (${why}); saved, not known to work` };
    }
    if (verdict === 'ok') return { status: 'working', message };
    if (verdict === 'wrong-key' || verdict === 'unknown-app') {
      throw new PermanentError('CREDENTIALS_REJECTED', `${crm === 'ontraport' ? 'ONTRAPORT' : 'Infusionsoft'} refused these credentials (${verdict}): ${message}`, { verdict });
    }
    return { status: 'unverified', message: `${verdict}: ${message}; saved, not known to work` };
  }
}
