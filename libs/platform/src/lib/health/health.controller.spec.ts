import { INestApplication, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PlatformModule } from '../platform.module';
import { ReadinessRegistry } from './readiness.registry';

/** Every line the app logs, by level. */
class Capture implements LoggerService {
  readonly lines: Array<{ level: string; text: string }> = [];
  log = (...args: unknown[]) => this.add('log', args);
  error = (...args: unknown[]) => this.add('error', args);
  warn = (...args: unknown[]) => this.add('warn', args);
  debug = (...args: unknown[]) => this.add('debug', args);
  verbose = (...args: unknown[]) => this.add('verbose', args);
  private add(level: string, args: unknown[]): void {
    this.lines.push({ level, text: JSON.stringify(args) });
  }
}

describe('GET /health/ready', () => {
  let app: INestApplication;
  const capture = new Capture();
  let databaseUp = false;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot('healthtest')] }).compile();
    app = moduleRef.createNestApplication({ logger: capture });
    const registry = app.get(ReadinessRegistry);
    registry.register({ name: 'broker', check: async () => undefined });
    registry.register({
      name: 'database',
      check: async () => {
        if (!databaseUp) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      },
    });
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('while a dependency is down: 503 NOT_READY naming the check and why, logged as a warning, not an error', async () => {
    const res = await fetch(`${await app.getUrl()}/health/ready`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({ statusCode: 503, code: 'NOT_READY', message: 'not ready: database: connect ECONNREFUSED 127.0.0.1:5432' });
    const lines = capture.lines.filter((l) => l.text.includes('not ready'));
    expect(lines.map((l) => l.level)).toEqual(['warn']);
    expect(capture.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('once every check is up: 200 with each check', async () => {
    databaseUp = true;
    const res = await fetch(`${await app.getUrl()}/health/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', info: { broker: { status: 'up' }, database: { status: 'up' } } });
  });
});
