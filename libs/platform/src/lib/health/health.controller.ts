import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { UnavailableError } from '../errors/hub-error';
import { ReadinessRegistry } from './readiness.registry';

const CHECK_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: ReadinessRegistry,
  ) {}

  /** Liveness does no I/O: a slow database must not get a healthy process restarted. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 200 with every check up, or 503 `NOT_READY` whose message names each check down and why
   * ("not ready: broker: …"), in the hub's error shape with `Retry-After`. Not being ready is
   * what a starting service, or one whose broker or database is away, is meant to say: the hub's
   * error filter logs it once as a warning (Terminus's own logger, which said "Health Check has
   * failed!" at error level on every poll during every start, is off).
   */
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check(
        this.registry.all().map((c) => async () => {
          const indicator = this.indicators.check(c.name);
          try {
            await withTimeout(c.check(), CHECK_TIMEOUT_MS);
            return indicator.up();
          } catch (e) {
            return indicator.down({ message: e instanceof Error ? e.message : String(e) });
          }
        }),
      );
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      throw new UnavailableError('NOT_READY', `not ready: ${downChecks(e.getResponse() as Partial<HealthCheckResult>)}`);
    }
  }
}

/** "broker: no answer within 2000 ms; consumers: consumers not subscribed yet" */
function downChecks(result: Partial<HealthCheckResult>): string {
  const down = Object.entries(result.error ?? {}).map(([name, d]) => `${name}: ${typeof d?.['message'] === 'string' ? d['message'] : 'down'}`);
  return down.length ? down.join('; ') : result.status === 'shutting_down' ? 'shutting down' : 'a check is down';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
