import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { loadConfig } from '@hub/platform';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { InfusionsoftConfig } from './infusionsoft.config';

/** The guide: "We limit this to one email per eight hours". */
export const ERROR_MAIL_INTERVAL_HOURS = 8;

export interface FailedReplication {
  merchantId: string;
  recipients: string[];
  what: string;
  orderId?: string;
  reason: string;
}

/**
 * Mails the merchant's users with the edit-settings permission when a replication failed, at
 * most once per merchant per eight hours across every replica (the slot is taken in PostgreSQL
 * before sending, and given back if the mail could not be sent).
 */
@Injectable()
export class ErrorMailService implements OnModuleDestroy {
  private readonly logger = new Logger(ErrorMailService.name);
  private readonly config = loadConfig(InfusionsoftConfig);
  private readonly transport: Transporter = createTransport(this.config.SMTP_URL);

  constructor(private readonly db: DataSource) {}

  async notify(failure: FailedReplication): Promise<'sent' | 'throttled' | 'no-recipients' | 'failed'> {
    if (!failure.recipients.length) return 'no-recipients';
    const taken: Array<{ previous: Date | null }> = await this.db.query(
      `WITH prior AS (SELECT last_sent_at FROM error_mail_throttle WHERE merchant_id = $1)
       INSERT INTO error_mail_throttle AS t (merchant_id, last_sent_at) VALUES ($1, now())
       ON CONFLICT (merchant_id) DO UPDATE SET last_sent_at = now()
         WHERE t.last_sent_at < now() - $2 * interval '1 hour'
       RETURNING (SELECT last_sent_at FROM prior) AS previous`,
      [failure.merchantId, ERROR_MAIL_INTERVAL_HOURS],
    );
    if (!taken.length) return 'throttled';
    try {
      await this.transport.sendMail({
        from: this.config.MAIL_FROM,
        to: failure.recipients,
        subject: `Infusionsoft replication failed for ${failure.orderId ? `order ${failure.orderId}` : failure.what}`,
        text: [
          `The hub could not replicate ${failure.what}${failure.orderId ? ` (order ${failure.orderId})` : ''} to Infusionsoft for merchant ${failure.merchantId}.`,
          '',
          `Reason: ${failure.reason}`,
          '',
          'Infusionsoft is known to have intermittent connection failures; each replication is retried many times before this mail is sent.',
          `Check the Infusionsoft log in the hub for details. You receive at most one such mail every ${ERROR_MAIL_INTERVAL_HOURS} hours.`,
        ].join('\n'),
      });
      return 'sent';
    } catch (err) {
      this.logger.error({ merchantId: failure.merchantId, err: (err as Error).message }, 'error mail could not be sent');
      const previous = taken[0].previous;
      await this.db.query(
        previous ? `UPDATE error_mail_throttle SET last_sent_at = $2 WHERE merchant_id = $1` : `DELETE FROM error_mail_throttle WHERE merchant_id = $1`,
        previous ? [failure.merchantId, previous] : [failure.merchantId],
      );
      return 'failed';
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
