import { Logger } from '@nestjs/common';
import { errorAnswer, isDatabaseOutage, isDatabaseUnreachable } from './hub-error.filter';
import { TransientError, UnavailableError } from './hub-error';

/** What node-postgres throws (error codes as PostgreSQL and the socket give them). */
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('errorAnswer', () => {
  const logger = new Logger('test');
  beforeEach(() => {
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });

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

  it('leaves the hub\'s own errors as they are', () => {
    expect(errorAnswer(new UnavailableError('BROKER_UNAVAILABLE', 'broker down'), logger)).toMatchObject({ status: 503, body: { code: 'BROKER_UNAVAILABLE' }, headers: { 'Retry-After': '5' } });
  });
});

describe('isDatabaseOutage', () => {
  it('sees the outage in the error, in a cause it wraps, and in another service\'s RPC answer', () => {
    expect(isDatabaseOutage(pgError('sorry, too many clients already', '53300'))).toBe(true);
    expect(isDatabaseOutage(new TransientError('STORE_FAILED', 'could not store', {}, { cause: pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED') }))).toBe(true);
    expect(isDatabaseOutage(new UnavailableError('DATABASE_UNAVAILABLE', 'mapping: the database is not available'))).toBe(true);
  });

  it('leaves a refused query, a bug and the hub\'s other errors alone', () => {
    expect(isDatabaseOutage(pgError('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isDatabaseOutage(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseOutage(new UnavailableError('BROKER_UNAVAILABLE', 'broker down'))).toBe(false);
    // A HubError is judged by its own code: one that merely mentions a dropped connection is not an outage.
    expect(isDatabaseOutage(new TransientError('FLAKY', 'Connection terminated unexpectedly'))).toBe(false);
    expect(isDatabaseOutage(undefined)).toBe(false);
  });
});
