import { Logger } from '@nestjs/common';
import { errorAnswer } from './hub-error.filter';
import { PermanentError, TransientError, UnauthorizedError, UnavailableError } from './hub-error';
import { isDatabaseUnreachable } from './outage';

/** What node-postgres throws (error codes as PostgreSQL and the socket give them). */
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('errorAnswer', () => {
  const logger = new Logger('test');
  beforeEach(() => {
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['the database restarting', pgError('the database system is starting up', '57P03')],
    ['the database shutting down', pgError('the database system is shutting down', '57P03')],
    ['the database killed the session', pgError('terminating connection due to administrator command', '57P01')],
    ['nothing listening', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection exception', pgError('connection failure', '08006')],
    ['the connection dropped', new Error('Connection terminated unexpectedly')],
    ['every connection slot taken', pgError('sorry, too many clients already', '53300')],
    ['no free connection in the pool in time', new Error('timeout exceeded when trying to connect')],
    ['a wrapped driver error', Object.assign(new Error('query failed'), { driverError: pgError('server closed the connection', '08006') })],
  ])('answers 503 DATABASE_UNAVAILABLE with Retry-After for %s', (_what, err) => {
    expect(isDatabaseUnreachable(err)).toBe(true);
    expect(errorAnswer(err, logger)).toEqual({
      status: 503,
      body: { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is not available; retry later' },
      headers: { 'Retry-After': '5' },
    });
    expect(logger.error).not.toHaveBeenCalled();
  });

  it.each([
    ['a refused query', pgError('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', pgError('syntax error at or near "SELEC"', '42601')],
    ['a plain bug', new TypeError('x is undefined')],
    ['a statement timeout', pgError('canceling statement due to statement timeout', '57014')],
  ])('keeps %s a 500 (a bug, logged as one)', (_what, err) => {
    expect(isDatabaseUnreachable(err)).toBe(false);
    expect(errorAnswer(err, logger)).toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
    expect(logger.error).toHaveBeenCalled();
  });

  const outage503 = { status: 503, body: { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is not available; retry later' }, headers: { 'Retry-After': '5' } };

  it.each([
    ['a TransientError around a refused connection', new TransientError('STORE_FAILED', 'could not store', {}, { cause: pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED') })],
    ['two of the hub\'s errors around a killed session', new TransientError('SYNC_FAILED', 'sync', {}, { cause: new TransientError('STORE_FAILED', 'store', {}, { cause: pgError('terminating connection due to administrator command', '57P01') }) })],
    ['a TransientError around another service\'s database outage', new TransientError('LOOKUP_FAILED', 'lookup', {}, { cause: new UnavailableError('DATABASE_UNAVAILABLE', 'mapping: the database is not available') })],
  ])('answers 503 DATABASE_UNAVAILABLE with Retry-After for %s (was 502)', (_what, err) => {
    expect(errorAnswer(err, logger)).toEqual(outage503);
    expect(logger.error).not.toHaveBeenCalled();
  });

  it.each([
    ['nobody answers the RPC', new UnavailableError('NO_RESPONDER', 'nobody answers rpc.mapping.authenticate-token.v1'), 'NO_RESPONDER'],
    ['the RPC timed out, wrapped', new TransientError('LOOKUP_FAILED', 'lookup', {}, { cause: new UnavailableError('RPC_TIMEOUT', 'no answer to rpc.mapping.authenticate-token.v1 within 5000 ms') }), 'RPC_TIMEOUT'],
    ['the RPC timed out, as a transient error', new TransientError('RPC_TIMEOUT', 'no answer to rpc.mapping.authenticate-token.v1 within 5000 ms'), 'RPC_TIMEOUT'],
  ])('answers 503 with Retry-After when another service is out: %s', (_what, err, code) => {
    expect(errorAnswer(err, logger)).toMatchObject({ status: 503, body: { statusCode: 503, code }, headers: { 'Retry-After': '5' } });
  });

  it('keeps a CRM\'s refused connection, a decided error and an outside error\'s cause what they are', () => {
    const refused = pgError('connect ECONNREFUSED 10.0.0.9:443', 'ECONNREFUSED');
    expect(errorAnswer(new TransientError('ONTRAPORT_UNREACHABLE', 'ONTRAPORT POST /cdata.php', { upstream: 'ONTRAPORT' }, { cause: refused }), logger)).toMatchObject({ status: 502, body: { code: 'ONTRAPORT_UNREACHABLE' } });
    expect(errorAnswer(new PermanentError('BAD_CREDENTIALS', 'refused', {}, { cause: refused }), logger)).toMatchObject({ status: 422, body: { code: 'BAD_CREDENTIALS' } });
    expect(errorAnswer(Object.assign(new UnauthorizedError(), { cause: refused }), logger)).toMatchObject({ status: 401 });
    // fetch's own error around its network failure: an outside system's, not followed (a bug: 500).
    expect(errorAnswer(new TypeError('fetch failed', { cause: refused }), logger)).toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
  });

  it('leaves the hub\'s own errors as they are', () => {
    expect(errorAnswer(new UnavailableError('BROKER_UNAVAILABLE', 'broker down'), logger)).toMatchObject({ status: 503, body: { code: 'BROKER_UNAVAILABLE' }, headers: { 'Retry-After': '5' } });
  });
});
