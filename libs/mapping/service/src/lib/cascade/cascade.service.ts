import { Injectable, Logger } from '@nestjs/common';
import { CascadePlan, idempotencyKeyOf, planCartEvent } from '@hub/mapping-rules';
import { MessagePublisher } from '@hub/messaging-nest';
import { MerchantConfigService } from '../merchant-config/merchant-config.service';

/** Cart event → the merchant's CRM commands: planned by the pure rules, published here. */
@Injectable()
export class CascadeService {
  private readonly logger = new Logger(CascadeService.name);

  constructor(
    private readonly config: MerchantConfigService,
    private readonly publisher: MessagePublisher,
  ) {}

  /** What the rules decide. `record`: remember a placed order in the customer history (not for a preview). */
  async plan(merchantId: string, routingKey: string, event: unknown, options: { record: boolean }): Promise<CascadePlan> {
    return planCartEvent(routingKey, event, await this.config.cascadeInputs(merchantId, routingKey, event, options));
  }

  /**
   * Each command is published with its idempotency key as message id; a redelivered event plans
   * the same commands with the same keys, and the connectors deliver each key once.
   */
  async cascade(merchantId: string, routingKey: string, event: unknown): Promise<void> {
    const plan = await this.plan(merchantId, routingKey, event, { record: true });
    const about = { merchantId, routingKey };
    for (const s of plan.skipped) this.logger.debug?.({ ...about, integration: s.integration }, `not sent: ${s.reason}`);
    for (const w of plan.warnings) this.logger.warn({ ...about }, w);
    for (const c of plan.commands) {
      await this.publisher.publish(c.routingKey, c.payload, { messageId: idempotencyKeyOf(c) });
      this.logger.log({ ...about, command: c.routingKey, idempotencyKey: idempotencyKeyOf(c) }, c.reason);
    }
  }
}
