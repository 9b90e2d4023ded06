import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { HubAuthGuard, Roles } from '@hub/auth';
import { toCanonicalOrder, UcOrder } from '@hub/domain';
import { idempotencyKeyOf } from '@hub/mapping-rules';
import { CONTRACTS, RoutingKeys } from '@hub/messaging-contracts';
import { toFieldErrors, ValidationFailedError } from '@hub/platform';
import { CascadeService } from '../cascade/cascade.service';
import { MerchantParams } from './config-api.params';
import { PreviewRequest } from './preview.requests';

export interface PreviewAnswer {
  routingKey: string;
  /** Always false: a preview publishes nothing and records nothing (not even the customer history). */
  sent: false;
  commands: Array<{ routingKey: string; idempotencyKey?: string; reason: string; payload: unknown }>;
  skipped: Array<{ integration: string; reason: string }>;
  warnings: string[];
}

@ApiTags('preview')
@ApiBearerAuth()
@UseGuards(HubAuthGuard)
@Controller('merchants/:merchantId/preview')
export class PreviewController {
  constructor(private readonly cascade: CascadeService) {}

  @Post()
  @HttpCode(200)
  @Roles('support')
  @ApiOperation({ summary: 'The exact commands this merchant’s configuration would send for an order or event, and why — without sending them' })
  @ApiOkResponse({ description: 'commands (with payloads and idempotency keys), skipped integrations with reasons, warnings' })
  async preview(@Param() p: MerchantParams, @Body() body: PreviewRequest): Promise<PreviewAnswer> {
    const { routingKey, event } = this.eventOf(p.merchantId, body);
    const plan = await this.cascade.plan(p.merchantId, routingKey, event, { record: false });
    return {
      routingKey,
      sent: false,
      commands: plan.commands.map((c) => ({ routingKey: c.routingKey, idempotencyKey: idempotencyKeyOf(c), reason: c.reason, payload: c.payload })),
      skipped: plan.skipped,
      warnings: plan.warnings,
    };
  }

  /** The event as the consumer would receive it: validated against its contract, for this merchant only. */
  private eventOf(merchantId: string, body: PreviewRequest): { routingKey: string; event: object } {
    const ucOrder = body.ultracartOrder ?? firstOrderOf(body.events);
    if (body.events && !ucOrder) throw new ValidationFailedError([{ field: 'events', messages: ['no event in the envelope carries an order'] }]);
    if (ucOrder) {
      let order;
      try {
        order = toCanonicalOrder(ucOrder as unknown as UcOrder, merchantId);
      } catch (err) {
        throw new ValidationFailedError([{ field: 'ultracartOrder', messages: [err instanceof Error ? err.message : 'not an UltraCart order'] }]);
      }
      return this.validated(RoutingKeys.cart.orderPlaced, { merchantId, order });
    }
    if (!body.event) throw new ValidationFailedError([{ field: 'event', messages: ['send ultracartOrder, or routingKey and event'] }]);
    const routingKey = body.routingKey ?? RoutingKeys.cart.orderPlaced;
    // The path's merchant, whatever the body says: a preview never looks at another merchant.
    const event: Record<string, unknown> = { ...body.event, merchantId };
    if (event['order'] && typeof event['order'] === 'object') event['order'] = { ...(event['order'] as object), merchantId };
    return this.validated(routingKey, event);
  }

  private validated(routingKey: string, event: object): { routingKey: string; event: object } {
    const cls = CONTRACTS[routingKey];
    if (!cls) throw new ValidationFailedError([{ field: 'routingKey', messages: [`${routingKey} is not a cart event`] }]);
    const instance = plainToInstance(cls, event);
    const errors = validateSync(instance, { forbidUnknownValues: false });
    if (errors.length) throw new ValidationFailedError(toFieldErrors(errors, 'event'), `the ${routingKey} event is not valid`);
    return { routingKey, event: instance };
  }
}

/** The first `{<event name>: <order>}` of an UltraCart envelope whose resource is an order. */
function firstOrderOf(events: PreviewRequest['events']): Record<string, unknown> | undefined {
  for (const e of events ?? []) {
    const resource = Object.values(e ?? {})[0];
    if (resource && typeof resource === 'object' && 'order_id' in resource) return resource;
  }
  return undefined;
}
