import type { InfusionsoftAbandonedCartV1, InfusionsoftAffiliateV1, InfusionsoftOrderV1, InfusionsoftShipmentV1 } from '@hub/messaging-contracts';
import { CascadeRefused, type CascadePort, type CascadeProgress } from './cascade-port';
import { achieveGoals, runContactSteps } from './contact-steps';
import { runOrderSpec } from './order-steps';

/** What a delivered command produced in Infusionsoft: stored with its idempotency key. */
export type CascadeResult = CascadeProgress;

/** `crm.infusionsoft.order.v1`: contact, order/invoice (unless skipped), goals. */
export async function runOrderCascade(port: CascadePort, cmd: InfusionsoftOrderV1): Promise<CascadeResult> {
  for (const w of cmd.warnings ?? []) port.warn(w);
  const contactId = await runContactSteps(port, cmd.steps);
  const productGoals = cmd.order ? await runOrderSpec(port, cmd.order, contactId) : [];
  await achieveGoals(port, contactId, [...cmd.goals, ...productGoals]);
  return port.progress;
}

/** `crm.infusionsoft.abandoned-cart.v1` and `crm.infusionsoft.affiliate.v1`: the contact, tagged. */
export async function runContactCascade(port: CascadePort, cmd: InfusionsoftAbandonedCartV1 | InfusionsoftAffiliateV1): Promise<CascadeResult> {
  for (const w of cmd.warnings ?? []) port.warn(w);
  await runContactSteps(port, cmd.steps);
  return port.progress;
}

/**
 * `crm.infusionsoft.shipment.v1`: the custom order fields on the order's `Job`. `jobId` is what the
 * order command stored; none means that order was never created here (skipped, or not delivered yet).
 */
export async function runShipmentCascade(port: CascadePort, cmd: InfusionsoftShipmentV1, jobId: number | undefined): Promise<CascadeResult> {
  if (jobId === undefined) throw new CascadeRefused('INFUSIONSOFT_ORDER_NOT_DELIVERED', `order ${cmd.orderId} has no Infusionsoft order yet (${cmd.orderKey})`);
  await port.call('DataService.update', ['Job', jobId, cmd.customFields], `Set shipping fields ${Object.keys(cmd.customFields).join(', ')} on order ${jobId}`);
  port.progress.jobId = jobId;
  port.progress.customFieldsSet = true;
  return port.progress;
}
