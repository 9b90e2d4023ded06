import { Injectable } from '@nestjs/common';
import type { OntraportAffiliateSignupV1, OntraportAutoOrderStatusV1 } from '@hub/messaging-contracts';
import { CommandRunner } from '../delivery/command-runner';
import { Gateways } from '../delivery/gateways';

type ContactUpdate = OntraportAutoOrderStatusV1 | OntraportAffiliateSignupV1;

export interface ContactUpdateResult {
  contactId: number;
  fields: string[];
  addedTags: string[];
  removedTags: string[];
}

/** Auto-order statuses (and declined cards) and affiliate sign-ups: fields and tags on the contact found by email. */
@Injectable()
export class ContactUpdateService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly gateways: Gateways,
  ) {}

  /** `undefined`: another replica took the command over (see `CommandRunner.once`). */
  apply(cmd: ContactUpdate, attempt: number): Promise<ContactUpdateResult | undefined> {
    return this.runner.once(cmd.idempotencyKey, cmd.merchantId, attempt, async () => {
      const creds = await this.runner.credentials(cmd.merchantId);
      const gateway = this.gateways.for(cmd.api);
      const ctx = { merchantId: cmd.merchantId, customerEmail: cmd.contact.email, attempt, ...('orderId' in cmd && cmd.orderId ? { orderId: cmd.orderId } : {}) };
      const contactId = await gateway.findOrCreateContact(creds, cmd.contact, ctx);
      const fields = cmd.fields ?? {};
      if (Object.keys(fields).length) await gateway.updateContact(creds, contactId, fields, ctx);
      if (cmd.removeTags?.length) await gateway.changeTags(creds, contactId, cmd.removeTags, false, ctx);
      if (cmd.addTags?.length) await gateway.changeTags(creds, contactId, cmd.addTags, true, ctx);
      return { contactId, fields: Object.keys(fields), addedTags: cmd.addTags ?? [], removedTags: cmd.removeTags ?? [] };
    });
  }
}
