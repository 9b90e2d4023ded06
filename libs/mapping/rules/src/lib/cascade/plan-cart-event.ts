import { planInfusionsoftCartEvent } from '../infusionsoft';
import { planOntraportCartEvent } from '../ontraport/plan-ontraport-event';
import type { PlannedCommand, SkippedIntegration } from '../plan';
import type { CascadeInputs } from './cascade-inputs';

/** What one cart event becomes for one merchant: the commands, and why each CRM sends or not. */
export interface CascadePlan {
  commands: PlannedCommand[];
  skipped: SkippedIntegration[];
  /** Things the merchant should know (an unmapped product, a goal without a call name…). */
  warnings: string[];
}

/**
 * The dispatch: every CRM's planner sees every cart event and decides for itself (a planner
 * answers "does not take" for events that are none of its business). Pure, so the consumer and
 * the preview endpoint give exactly the same answer for the same inputs.
 */
export function planCartEvent(routingKey: string, event: unknown, inputs: CascadeInputs): CascadePlan {
  const ontraport = planOntraportCartEvent(routingKey, event, inputs.ontraport, inputs.ontraportProducts);
  const infusionsoft = planInfusionsoftCartEvent(routingKey, event, inputs.infusionsoft, {
    productIdOf: inputs.infusionsoftProductIdOf,
    repeatCustomer: inputs.repeatCustomer,
    facts: inputs.infusionsoftFacts,
  });
  return {
    commands: [...ontraport.commands, ...infusionsoft.commands],
    skipped: [...ontraport.skipped, ...infusionsoft.skipped],
    warnings: infusionsoft.warnings.map((w) => `Infusionsoft: ${w}`),
  };
}

/** The idempotency key every CRM command carries: the publisher uses it as the message id. */
export function idempotencyKeyOf(command: PlannedCommand): string | undefined {
  const key = (command.payload as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
  return typeof key === 'string' ? key : undefined;
}
