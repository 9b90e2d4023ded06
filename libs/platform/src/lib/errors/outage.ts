import { HubError } from './hub-error';

/** The code a database outage travels under: the HTTP answer (503), an RPC reply (unavailable), a parked message. */
export const DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE';
export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is not available; retry later';
/** An RPC no queue is bound for: the service that answers it has never run on this broker. */
export const NO_RESPONDER = 'NO_RESPONDER';
/**
 * An RPC not answered in time: the service that answers it is stopped (its request queue outlives
 * it, so a stopped service shows as this, not NO_RESPONDER), stuck or overloaded.
 */
export const RPC_TIMEOUT = 'RPC_TIMEOUT';
/**
 * An RPC not answered in time while the answering service answered requests of the same pattern
 * sent after it, before this one's time was up: the service is up and taking its requests; this
 * request is what it cannot answer (its handler stuck or failing on it). Not an outage: retried
 * with attempts, and parked with this reason when they run out, instead of for as long as an outage.
 */
export const RPC_UNANSWERED = 'RPC_UNANSWERED';

/** The errors of another service of the hub that does not answer its RPCs. */
const SERVICE_OUTAGE_CODES = new Set([NO_RESPONDER, RPC_TIMEOUT]);
/**
 * The same command (or the name it creates) is claimed by another delivery: a live replica still
 * at work, or one that died or lost its database with the claim held. Either way the claim ends
 * by itself — delivered, or lapsed within its lease — and the work goes on then.
 */
export const COMMAND_IN_PROGRESS = 'COMMAND_IN_PROGRESS';

/**
 * A dependency the hub owns being out, or the work held by another delivery — a request or
 * message is not at fault, and the same work will go through once it is back or free: HTTP answers
 * 503 with Retry-After; the consumer retries without using an attempt, for up to
 * AMQP_RETRY_OUTAGE_MAX_MS.
 */
export interface Outage {
  /**
   * PostgreSQL (this service's, or the one of a service answering an RPC); a service of the hub
   * that does not answer its RPCs; or a claim on the same work held by another delivery.
   */
  of: 'database' | 'service' | 'claim';
  /** DATABASE_UNAVAILABLE, NO_RESPONDER, RPC_TIMEOUT or COMMAND_IN_PROGRESS. */
  code: string;
  message: string;
}

/** How many errors deep `cause` is followed. */
const MAX_DEPTH = 8;

/**
 * The outage behind an error, if an outage is what it is. Found in the error itself or in the
 * `cause` of the hub's errors wrapping it (a TransientError around a refused connection, say),
 * up to MAX_DEPTH deep:
 * - PostgreSQL unreachable, out of connections or restarting (isDatabaseUnreachable), or a
 *   HubError coded DATABASE_UNAVAILABLE (another service's database, answered over RPC);
 * - another service not answering an RPC (NO_RESPONDER, RPC_TIMEOUT). A CRM's failures are not
 *   outages: they are the CRM's, and use attempts;
 * - a claim held by another delivery (COMMAND_IN_PROGRESS): were it to use attempts, a replica
 *   that lost its database on a command's last attempt (its claim not given back) would have the
 *   retry refused by its own claim and park a command nothing was wrong with.
 * Not looked through:
 * - a HubError that is not retryable (permanent, invalid, not found…): whoever raised it decided;
 * - a HubError naming an outside system in `details.upstream` (a CRM): the socket error it wraps
 *   is that system's, and looks like a database's (ECONNREFUSED has no owner);
 * - the `cause` of an error that is not the hub's: the one error a raw error carries that points
 *   at a database is TypeORM's `driverError`, which isDatabaseUnreachable reads; `cause` there is
 *   fetch's network error, an outside system's.
 */
export function outageOf(exception: unknown): Outage | undefined {
  if (exception instanceof HubError && !exception.retryable) return undefined;
  let e: unknown = exception;
  for (let depth = 0; depth < MAX_DEPTH && e && typeof e === 'object'; depth++) {
    if (!(e instanceof HubError)) return isDatabaseUnreachable(e) ? { of: 'database', code: DATABASE_UNAVAILABLE, message: DATABASE_UNAVAILABLE_MESSAGE } : undefined;
    if (e.code === DATABASE_UNAVAILABLE) return { of: 'database', code: DATABASE_UNAVAILABLE, message: DATABASE_UNAVAILABLE_MESSAGE };
    if (SERVICE_OUTAGE_CODES.has(e.code)) return { of: 'service', code: e.code, message: e.message };
    if (e.code === COMMAND_IN_PROGRESS) return { of: 'claim', code: e.code, message: e.message };
    if (e.details?.upstream !== undefined) return undefined;
    e = e.cause;
  }
  return undefined;
}

/** A database outage, as outageOf finds it. */
export function isDatabaseOutage(exception: unknown): boolean {
  return outageOf(exception)?.of === 'database';
}

/**
 * PostgreSQL cannot be reached, is restarting or cannot take the work right now (not: refused a
 * query), judged from one error. By the driver's codes — no driver import here: SQLSTATE class 08
 * (connection exception), class 53 (insufficient resources: too many connections, out of memory,
 * disk full), 57P01–57P03 (shut down, crash shutdown, starting up), socket errors — or its messages
 * for a dropped connection and for a pool that found no free connection in time.
 */
const DATABASE_DOWN_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

export function isDatabaseUnreachable(exception: unknown): boolean {
  const e = exception as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  // TypeORM wraps the driver's error (QueryFailedError.driverError); a refused query (syntax, constraint) is a bug, not this.
  const code = String(e.code ?? (e.driverError as { code?: unknown } | undefined)?.code ?? '');
  if (DATABASE_DOWN_CODES.has(code) || /^(08|53)/.test(code)) return true;
  return typeof e.message === 'string' && /^(Connection terminated( unexpectedly| due to connection timeout)?|timeout exceeded when trying to connect)$/.test(e.message);
}
