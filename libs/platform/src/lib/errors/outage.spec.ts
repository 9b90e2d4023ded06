import { PermanentError, TransientError, UnavailableError } from './hub-error';
import { isDatabaseOutage, outageOf } from './outage';

/** What node-postgres and the socket throw (codes as PostgreSQL and the socket give them). */
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code });
const refused = () => pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
const database = { of: 'database', code: 'DATABASE_UNAVAILABLE', message: 'The database is not available; retry later' };

describe('outageOf', () => {
  it('sees a database outage in the error, in the cause of the hub\'s errors around it, and in another service\'s RPC answer', () => {
    expect(outageOf(pgError('sorry, too many clients already', '53300'))).toEqual(database);
    expect(outageOf(new TransientError('STORE_FAILED', 'could not store', {}, { cause: refused() }))).toEqual(database);
    expect(outageOf(new TransientError('A', 'a', {}, { cause: new UnavailableError('B', 'b', { cause: new TransientError('C', 'c', {}, { cause: refused() }) }) }))).toEqual(database);
    expect(outageOf(new UnavailableError('DATABASE_UNAVAILABLE', 'mapping: the database is not available'))).toEqual(database);
    expect(isDatabaseOutage(new TransientError('STORE_FAILED', 'could not store', {}, { cause: refused() }))).toBe(true);
  });

  it('sees another service that does not answer its RPC (none there, or no answer in time)', () => {
    expect(outageOf(new UnavailableError('NO_RESPONDER', 'nobody answers rpc.mapping.ontraport-credentials.v1'))).toEqual({
      of: 'service',
      code: 'NO_RESPONDER',
      message: 'nobody answers rpc.mapping.ontraport-credentials.v1',
    });
    expect(outageOf(new TransientError('CREDENTIALS', 'x', {}, { cause: new UnavailableError('RPC_TIMEOUT', 'no answer within 5000 ms') }))).toMatchObject({ of: 'service', code: 'RPC_TIMEOUT' });
    expect(isDatabaseOutage(new UnavailableError('RPC_TIMEOUT', 'no answer within 5000 ms'))).toBe(false);
  });

  it('sees a claim on the same work held by another delivery, which lapses by itself', () => {
    expect(outageOf(new TransientError('COMMAND_IN_PROGRESS', 'another replica is delivering infusionsoft:order:M1:1'))).toEqual({
      of: 'claim',
      code: 'COMMAND_IN_PROGRESS',
      message: 'another replica is delivering infusionsoft:order:M1:1',
    });
    expect(isDatabaseOutage(new TransientError('COMMAND_IN_PROGRESS', 'held'))).toBe(false);
  });

  it('leaves a refused query, a bug, a CRM\'s failure and the hub\'s other errors alone', () => {
    expect(outageOf(pgError('duplicate key value violates unique constraint', '23505'))).toBeUndefined();
    expect(outageOf(new TypeError('x is undefined'))).toBeUndefined();
    expect(outageOf(new UnavailableError('BROKER_UNAVAILABLE', 'broker down'))).toBeUndefined();
    // A CRM's 5xx, and its refused connection: the CRM's, using attempts (ECONNREFUSED has no owner; the CRM's error names it).
    expect(outageOf(new TransientError('ONTRAPORT_HTTP_503', 'ONTRAPORT answered 503'))).toBeUndefined();
    expect(outageOf(new TransientError('ONTRAPORT_UNREACHABLE', 'ONTRAPORT POST /cdata.php', { upstream: 'ONTRAPORT' }, { cause: refused() }))).toBeUndefined();
    // fetch's network error is an outside system's: a raw error's cause is not followed.
    expect(outageOf(new TypeError('fetch failed', { cause: refused() }))).toBeUndefined();
    // A HubError is judged by its own code: one that merely mentions a dropped connection is not an outage.
    expect(outageOf(new TransientError('FLAKY', 'Connection terminated unexpectedly'))).toBeUndefined();
    expect(outageOf(undefined)).toBeUndefined();
  });

  it('takes an error that is not retryable at its word, whatever it wraps', () => {
    expect(outageOf(new PermanentError('BAD_CREDENTIALS', 'refused', {}, { cause: refused() }))).toBeUndefined();
    expect(outageOf(new PermanentError('NO_RESPONDER', 'declared permanent'))).toBeUndefined();
  });

  it('follows a bounded chain: a cycle or a chain deeper than eight errors ends the search', () => {
    const a = new TransientError('A', 'a');
    const b = new TransientError('B', 'b', {}, { cause: a });
    Object.defineProperty(a, 'cause', { value: b });
    expect(outageOf(a)).toBeUndefined();
    let deep: Error = refused();
    for (let i = 0; i < 8; i++) deep = new TransientError(`W${i}`, 'wrapped', {}, { cause: deep });
    expect(outageOf(deep)).toBeUndefined();
    expect(outageOf((deep as TransientError).cause)).toEqual(database);
  });
});
