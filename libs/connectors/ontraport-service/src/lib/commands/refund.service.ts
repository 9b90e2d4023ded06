import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { allocateRefund } from '@hub/ontraport-core';
import type { OntraportRefundV1 } from '@hub/messaging-contracts';
import { PermanentError, TransientError } from '@hub/platform';
import { CommandRunner } from '../delivery/command-runner';
import { Gateways } from '../delivery/gateways';
import type { SaleRecord } from '../delivery/ontraport-gateway';

export interface RefundResult {
  refundedMinor: number;
  /** What this command added (0 when an earlier or larger total already covered it). */
  deltaMinor: number;
}

/**
 * Cart refund amounts are running totals: each command refunds the difference to what this
 * connector already refunded on the order (kept per order, updated after every ONTRAPORT call, so
 * a retry after a partial failure never refunds a purchase twice). A full refund refunds what is
 * left of the sale; a partial one goes through the legacy `<refund>amount</refund>` on the sale's
 * purchases, which REST sales have too (REST v1 documents no partial amount).
 */
@Injectable()
export class RefundService {
  constructor(
    private readonly runner: CommandRunner,
    private readonly gateways: Gateways,
    private readonly db: DataSource,
  ) {}

  /** `undefined`: another replica took the command over (see `CommandRunner.once`). */
  refund(cmd: OntraportRefundV1, attempt: number): Promise<RefundResult | undefined> {
    return this.runner.once(cmd.idempotencyKey, cmd.merchantId, attempt, () =>
      this.runner.exclusive(`ontraport:refunding:${cmd.merchantId}:${cmd.orderId}`, cmd.merchantId, () => this.deliver(cmd, attempt)),
    );
  }

  private async deliver(cmd: OntraportRefundV1, attempt: number): Promise<RefundResult> {
    const sale = await this.runner.result<SaleRecord>(cmd.saleKey);
    // The sale may still be on its way (or retrying): wait for it rather than park the refund.
    if (!sale) throw new TransientError('SALE_NOT_LOGGED_YET', `order ${cmd.orderId} has no logged ONTRAPORT sale yet (${cmd.saleKey})`);
    const already = await this.refundedSoFar(cmd.merchantId, cmd.orderId);
    const delta = cmd.refundedTotal.minor - already;
    if (delta <= 0) return { refundedMinor: already, deltaMinor: 0 };
    const creds = await this.runner.credentials(cmd.merchantId);
    const ctx = { merchantId: cmd.merchantId, orderId: cmd.orderId, customerEmail: cmd.customerEmail, attempt };
    // A full refund refunds whatever is left of the sale: REST in one `transaction/refund` (which also
    // covers shipping, not a purchase there); legacy purchase by purchase, below.
    if (cmd.kind === 'full' && sale.api === 'rest') {
      await this.gateways.rest.refundWhole(creds, sale, ctx);
      await this.record(cmd.merchantId, cmd.orderId, cmd.refundedTotal.minor);
      return { refundedMinor: cmd.refundedTotal.minor, deltaMinor: delta };
    }
    const { purchases } = await this.gateways.for(sale.api).purchasesOf(creds, sale, ctx);
    // What each purchase has had so far: earlier refunds filled them first to last, as below.
    let before = already;
    const state = purchases.map((p) => {
      const refundedMinor = Math.min(p.totalMinor, before);
      before -= refundedMinor;
      return { ...p, refundedMinor };
    });
    const left = state.reduce((s, p) => s + p.totalMinor - p.refundedMinor, 0);
    if (cmd.kind === 'full' && left === 0) {
      await this.record(cmd.merchantId, cmd.orderId, cmd.refundedTotal.minor);
      return { refundedMinor: cmd.refundedTotal.minor, deltaMinor: 0 };
    }
    let steps;
    try {
      steps = allocateRefund(state, cmd.kind === 'full' ? left : delta);
    } catch (err) {
      throw new PermanentError('REFUND_EXCEEDS_SALE', `order ${cmd.orderId}: ${(err as Error).message}`);
    }
    let done = already;
    for (const step of steps) {
      const untouched = state.find((p) => p.id === step.purchaseId)?.refundedMinor === 0;
      // A purchase refunded whole in one go is a full refund (no amount), as the guides' full refunds were.
      await this.gateways.legacy.refundPurchase(creds, step.purchaseId, step.full && untouched ? undefined : (step.amountMinor / 100).toFixed(2), ctx);
      done += step.amountMinor;
      await this.record(cmd.merchantId, cmd.orderId, done);
    }
    if (cmd.kind === 'full') await this.record(cmd.merchantId, cmd.orderId, cmd.refundedTotal.minor);
    return { refundedMinor: Math.max(done, cmd.kind === 'full' ? cmd.refundedTotal.minor : 0), deltaMinor: delta };
  }

  private async refundedSoFar(merchantId: string, orderId: string): Promise<number> {
    const [row]: Array<{ refunded_minor: string }> = await this.db.query(`SELECT refunded_minor FROM order_refunds WHERE merchant_id = $1 AND order_id = $2`, [merchantId, orderId]);
    return row ? Number(row.refunded_minor) : 0;
  }

  private async record(merchantId: string, orderId: string, refundedMinor: number): Promise<void> {
    await this.db.query(
      `INSERT INTO order_refunds (merchant_id, order_id, refunded_minor) VALUES ($1, $2, $3)
       ON CONFLICT (merchant_id, order_id) DO UPDATE SET refunded_minor = GREATEST(order_refunds.refunded_minor, EXCLUDED.refunded_minor), updated_at = now()`,
      [merchantId, orderId, refundedMinor],
    );
  }
}
