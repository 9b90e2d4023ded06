import type { OrderStage } from '@hub/domain';
import { ImportOrderInput } from './import-order.input';

export type PaymentStatus = 'Unprocessed' | 'Processed' | 'Declined' | 'Skipped' | 'Authorized';

/** Where an order lands before any payment is tried, or that a card must be processed first. */
export type StagePlan = { stage: OrderStage; paymentStatus: PaymentStatus; charge: false; reason: string } | { charge: true };

/**
 * The flags decide (seed): storeCompleted → Completed Order (history); skipPaymentProcessing →
 * Shipping Department; noRealtimePaymentProcessing → Accounts Receivable; a purchase order goes
 * on to shipping when auto-approved, else waits in Accounts Receivable; a card is processed; other
 * methods (cash, check, COD, wire…) wait in Accounts Receivable for the payment.
 */
export function planStage(order: Pick<ImportOrderInput, 'storeCompleted' | 'skipPaymentProcessing' | 'noRealtimePaymentProcessing' | 'paymentMethod' | 'autoApprovePurchaseOrder'>): StagePlan {
  if (order.storeCompleted) return { stage: 'Completed Order', paymentStatus: 'Processed', charge: false, reason: 'storeCompleted' };
  if (order.skipPaymentProcessing) return { stage: 'Shipping Department', paymentStatus: 'Skipped', charge: false, reason: 'skipPaymentProcessing' };
  if (order.noRealtimePaymentProcessing) return { stage: 'Accounts Receivable', paymentStatus: 'Unprocessed', charge: false, reason: 'noRealtimePaymentProcessing' };
  if (order.paymentMethod === 'Purchase Order') {
    return order.autoApprovePurchaseOrder
      ? { stage: 'Shipping Department', paymentStatus: 'Processed', charge: false, reason: 'purchase order auto-approved' }
      : { stage: 'Accounts Receivable', paymentStatus: 'Unprocessed', charge: false, reason: 'purchase order awaiting approval' };
  }
  if (order.paymentMethod === 'Credit Card') return { charge: true };
  return { stage: 'Accounts Receivable', paymentStatus: 'Unprocessed', charge: false, reason: `${order.paymentMethod} awaiting payment` };
}

/** After the gateway answered: approved → shipping; declined → Accounts Receivable when asked, else the import fails. */
export function stageAfterPayment(approved: boolean, storeIfPaymentDeclines: boolean | undefined): { stage: OrderStage; paymentStatus: PaymentStatus } | undefined {
  if (approved) return { stage: 'Shipping Department', paymentStatus: 'Processed' };
  return storeIfPaymentDeclines ? { stage: 'Accounts Receivable', paymentStatus: 'Declined' } : undefined;
}

export type CancelDecision = { cancel: true } | { cancel: false; error: string };

/**
 * Cancel rules (reference C.4): completed and rejected orders stay; Accounts Receivable,
 * Pre-ordered and quotes are rejected; Fraud Review and Shipping Department depend on whether it
 * shipped or went to a distribution center — imported orders the hub holds have done neither
 * until it is recorded, so they are rejected unless marked shipped.
 */
export function decideCancel(stage: string, shipped: boolean): CancelDecision {
  switch (stage) {
    case 'Completed Order':
      return { cancel: false, error: 'Order has already been completed.' };
    case 'Rejected':
      return { cancel: false, error: 'Order has already been rejected.' };
    case 'Accounts Receivable':
    case 'Pre-ordered':
    case 'Quote Sent':
    case 'Quote Request':
      return { cancel: true };
    case 'Fraud Review':
    case 'Shipping Department':
      return shipped ? { cancel: false, error: 'Order has already shipped.' } : { cancel: true };
    default:
      return { cancel: false, error: `An order in ${stage} cannot be cancelled.` };
  }
}

/** Stages an order may be moved to after import (AR → paid, or back out). */
export const MOVABLE_STAGES: readonly OrderStage[] = ['Shipping Department', 'Completed Order', 'Rejected'];
