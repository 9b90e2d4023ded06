import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import {
  cardOf,
  CatalogView,
  cardSafeCredentials,
  cardSafeOrder,
  checkAgainstCatalog,
  checkCredentials,
  checkOrder,
  ImportOrderInput,
  ImportProblem,
  Interface,
  orderFingerprint,
  PaymentGateway,
  PaymentInstrument,
  parseMonthYear,
  planStage,
  stageAfterPayment,
  toCanonicalOrder,
  warningsAreErrors,
} from '@hub/order-import';
import { HubError, UnavailableError } from '@hub/platform';
import { toCatalogEntry } from '../catalog/catalog.store';
import { ChannelPartnersService } from '../channel-partners/channel-partners.service';
import { enqueue, OutboxMessage, toOutboxRows } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox.relay';
import { placedMessage } from './cascade';
import { Outcome } from './import-outcome';
import { ImportContext, OrdersSql } from './orders.store';
import { transmissionRecord } from './transmission';

export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');

export interface ImportCall {
  iface: Interface;
  credentials: Record<string, unknown>;
  order: Record<string, unknown>;
  /** Problems found while reading the request (unknown parameters…), reported with the rest. */
  readProblems: ImportProblem[];
  method: string;
  url: string;
}

/**
 * importOrder: credentials → the API's rules and the catalog's, every problem at once → (under a
 * lock on the channel-partner order id) the same order answered again, or payment, then the order,
 * its cascade event and its transmission record committed together.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly db: DataSource,
    private readonly partners: ChannelPartnersService,
    private readonly relay: OutboxRelay,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
  ) {}

  async importOrder(call: ImportCall): Promise<Outcome> {
    const startedAt = Date.now();
    const creds = checkCredentials(call.credentials);
    if (creds.problems.length) return { httpStatus: 400, success: false, errors: creds.problems, warnings: [] };
    const { merchantId, channelPartnerCode, channelPartnerPassword } = creds.credentials;
    await this.partners.verify(merchantId, channelPartnerCode, channelPartnerPassword);

    const record = (o: Outcome, messages: OutboxMessage[] = []): OutboxMessage[] => [
      ...messages,
      transmissionRecord({
        merchantId,
        type: 'import-order',
        status: o.success ? 'succeeded' : 'failed',
        description: describe(o, call.order['channelPartnerOrderId']),
        orderId: o.orderId,
        customerEmail: typeof call.order['email'] === 'string' ? call.order['email'].toLowerCase() : undefined,
        requestBody: { credentials: cardSafeCredentials(call.credentials), order: cardSafeOrder(call.order) },
        responseBody: { success: o.success, orderId: o.orderId, errors: o.errors, warnings: o.warnings },
        httpStatus: o.httpStatus,
        startedAt,
        method: call.method,
        url: call.url,
      }),
    ];
    const refuse = async (o: Outcome): Promise<Outcome> => {
      await this.guard(() => enqueue(this.db, record(o)));
      this.relay.wake();
      return o;
    };

    const { order, problems } = checkOrder(call.order);
    const itemIds = [...new Set((Array.isArray(order.items) ? order.items : []).map((i) => i?.itemId).filter((id): id is string => typeof id === 'string'))];
    const coupons = Array.isArray(order.coupons) ? order.coupons.filter((c): c is string => typeof c === 'string') : [];
    // One round trip: the earlier import of this id, the catalog it names, an order number.
    const context = await this.guard(() => OrdersSql.context(this.db, merchantId, String(order.channelPartnerOrderId ?? ''), itemIds, coupons));
    const view = catalogView(context);
    const rules = checkAgainstCatalog(order, view);
    const warningsFatal = warningsAreErrors(order);
    const errors = [...call.readProblems, ...problems, ...rules.errors, ...(warningsFatal ? rules.warnings : [])];
    const warnings = warningsFatal ? [] : rules.warnings;
    if (errors.length) return refuse({ httpStatus: 400, success: false, errors, warnings });

    const fingerprint = orderFingerprint(order);
    const again = (existing: NonNullable<ImportContext['existing']>): Outcome =>
      existing.fingerprint === fingerprint
        ? { httpStatus: 200, success: true, orderId: existing.order_id, stage: existing.stage, duplicate: true, errors: [], warnings: existing.warnings }
        : {
            httpStatus: 409,
            success: false,
            orderId: existing.order_id,
            errors: [{ field: 'channelPartnerOrderId', message: `${order.channelPartnerOrderId} was already imported as order ${existing.order_id} with different content` }],
            warnings: [],
          };
    if (context.existing) return refuse(again(context.existing));

    const orderId = OrdersSql.orderId(merchantId, context.orderNumber);
    const canonical = toCanonicalOrder(merchantId, orderId, 'Accounts Receivable', order, view.items, new Date());
    let plan = planStage(order);
    let transactionId: string | undefined;
    if (plan.charge) {
      const result = await this.gateway.charge({
        merchantId,
        orderId,
        amountMinor: canonical.totals.total.minor,
        currency: canonical.currency,
        instrument: instrumentOf(order),
        recurring: order.considerRecurring === true,
        gatewayCode: order.rotatingTransactionGatewayCode,
      });
      const after = stageAfterPayment(result.approved, order.storeIfPaymentDeclines);
      if (!after) return refuse({ httpStatus: 402, success: false, errors: [{ field: paymentField(order), message: `payment declined: ${result.approved ? '' : result.reason}` }], warnings });
      transactionId = result.approved ? result.transactionId : undefined;
      plan = { ...after, charge: false, reason: result.approved ? 'card approved' : 'card declined' };
    }
    const stored = { ...canonical, stage: plan.stage };
    const placed = placedMessage(stored);
    const card = cardOf(order);
    const outcome: Outcome = { httpStatus: 200, success: true, orderId, stage: plan.stage, errors: [], warnings };
    // The order, its cascade event and its transmission record: one statement, all or nothing.
    const inserted = await this.guard(() =>
      OrdersSql.insertWithOutbox(
        this.db,
        {
          orderId,
          merchantId,
          channelPartnerCode,
          channelPartnerOrderId: order.channelPartnerOrderId,
          fingerprint,
          stage: plan.stage,
          paymentMethod: order.paymentMethod,
          paymentStatus: plan.paymentStatus,
          cardLast4: card?.last4,
          cardBrand: card?.brand,
          transactionId,
          placedPublished: placed !== undefined,
          customerEmail: stored.customer.email || undefined,
          order: stored,
          request: cardSafeOrder(JSON.parse(JSON.stringify(order)) as Record<string, unknown>),
          warnings,
        },
        toOutboxRows(record(outcome, placed ? [placed] : [])),
      ),
    );
    if (inserted) {
      this.relay.wake();
      return outcome;
    }
    // The same id was stored by a concurrent request meanwhile: release this charge, answer as it does.
    if (transactionId) await this.gateway.void(transactionId);
    const winner = await this.guard(() => OrdersSql.byChannelPartnerOrderId(this.db, merchantId, order.channelPartnerOrderId));
    if (!winner) throw new UnavailableError('IMPORT_RACE', 'the order changed while it was imported; retry');
    return refuse(again(winner));
  }

  /** A transaction; the relay is woken once it committed. Database failures are 503s. */
  async commit<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.guard(() => this.db.transaction(work));
    this.relay.wake();
    return result;
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      // A query the database refused is a bug (500); a database that cannot be reached is a 503.
      if (err instanceof HubError || err instanceof QueryFailedError) throw err;
      throw new UnavailableError('DATABASE_UNAVAILABLE', 'the order store is not available; retry later', { cause: err });
    }
  }
}

function catalogView(context: ImportContext): CatalogView {
  const items = context.items.map(toCatalogEntry);
  return { items: new Map(items.map((i) => [i.itemId, i])), coupons: new Set(context.coupons) };
}

function instrumentOf(order: ImportOrderInput): PaymentInstrument {
  if (order.creditCardAuthorizationReferenceNumber) {
    return { kind: 'authorization', reference: order.creditCardAuthorizationReferenceNumber, amountMinor: Math.round((order.creditCardAuthorizationAmount ?? 0) * 100) };
  }
  if (order.creditCardToken) return { kind: 'token', token: order.creditCardToken };
  const my = order.creditCardExpirationMonthYear ? parseMonthYear(order.creditCardExpirationMonthYear) : undefined;
  return {
    kind: 'card',
    number: order.creditCardNumber ?? '',
    expirationMonth: my?.month ?? order.creditCardExpirationMonth ?? 0,
    expirationYear: my?.year ?? order.creditCardExpirationYear ?? 0,
    cvv: order.creditCardVerificationNumber,
  };
}

function paymentField(order: ImportOrderInput): string {
  return order.creditCardAuthorizationReferenceNumber ? 'creditCardAuthorizationReferenceNumber' : order.creditCardToken ? 'creditCardToken' : 'creditCardNumber';
}

function describe(o: Outcome, channelPartnerOrderId: unknown): string {
  const id = typeof channelPartnerOrderId === 'string' ? channelPartnerOrderId : '?';
  if (o.duplicate) return `order ${id} imported again: same order ${o.orderId}`;
  if (o.success) return `order ${id} imported as ${o.orderId} (${o.stage})`;
  return `order ${id} refused: ${o.errors.length} error(s)`;
}
