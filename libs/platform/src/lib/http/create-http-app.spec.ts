import { Body, Controller, Get, HttpCode, INestApplication, Module, Param, Post, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsInt, IsString, Min } from 'class-validator';
import { currentCorrelationId, CORRELATION_HEADER } from '../correlation/correlation';
import { ErrorKind, HubError } from '../errors/hub-error';
import { PlatformModule } from '../platform.module';
import { configureHttpApp, createHttpAdapter, HttpAdapterKind, HttpAppOptions, RawBodyCarrier } from './create-http-app';

class Line {
  @IsString() sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

const tick = () => new Promise((r) => setTimeout(r, 5));

@Controller()
class ProbeController {
  @Post('echo')
  @HttpCode(200)
  async echo(@Body() body: Record<string, unknown>, @Req() req: RawBodyCarrier): Promise<unknown> {
    const before = currentCorrelationId();
    await tick();
    return { keys: Object.keys(body ?? {}).length, before, after: currentCorrelationId(), rawBytes: req.rawBody?.length };
  }

  @Post('raw/:id')
  @HttpCode(200)
  raw(@Param('id') id: string, @Body() body: unknown): unknown {
    return { id, isBuffer: Buffer.isBuffer(body), bytes: Buffer.isBuffer(body) ? body.length : undefined, correlationId: currentCorrelationId() };
  }

  @Post('m/:merchantId/catalog')
  @HttpCode(200)
  catalog(@Body() body: unknown): unknown {
    return { isBuffer: Buffer.isBuffer(body) };
  }

  @Post('m/:merchantId/other')
  @HttpCode(200)
  other(@Body() body: unknown): unknown {
    return { isBuffer: Buffer.isBuffer(body) };
  }

  @Post('lines')
  @HttpCode(200)
  line(@Body() line: Line): unknown {
    return { sku: line.sku, quantity: line.quantity };
  }

  @Get('down')
  down(): never {
    throw new HubError('BROKER_DOWN', 'the broker is not reachable', ErrorKind.Unavailable);
  }
}

@Module({ imports: [PlatformModule.forRoot('platform-http-spec')], controllers: [ProbeController] })
class ProbeModule {}

const OPTIONS: HttpAppOptions = { title: 'probe', bodyLimit: '64kb', rawBody: true, rawBodyRoutes: ['/raw', '/m/:merchantId/catalog'] };

describe.each<HttpAdapterKind>(['express', 'fastify'])('the HTTP app on %s', (adapter) => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const options = { ...OPTIONS, adapter };
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication(createHttpAdapter(options), { bodyParser: false, rawBody: true, logger: false });
    configureHttpApp(app, options);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(() => app.close());

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${base}${path}`, { method: 'POST', headers, body });

  it('runs the handler inside the caller\'s correlation id, after the body streamed in, and echoes it', async () => {
    // ~48 KB: many socket chunks, so a context entered before the body arrived would be gone.
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`field${i}`, 'x'.repeat(16)])));
    const res = await post('/echo', body, { 'content-type': 'application/json', [CORRELATION_HEADER]: 'order-42.trace' });
    expect(res.status).toBe(200);
    expect(res.headers.get(CORRELATION_HEADER)).toBe('order-42.trace');
    expect(await res.json()).toEqual({ keys: 2000, before: 'order-42.trace', after: 'order-42.trace', rawBytes: Buffer.byteLength(body) });
  });

  it('gives a request without a usable correlation id a new one, the same in the handler and the answer', async () => {
    const res = await post('/echo', '{"a":1}', { 'content-type': 'application/json', [CORRELATION_HEADER]: 'bad id with spaces' });
    const echoed = res.headers.get(CORRELATION_HEADER);
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toMatchObject({ before: echoed, after: echoed });
  });

  it('hands raw routes the bytes as sent, whatever the content type', async () => {
    const bytes = Buffer.from('{"events": "not parsed here"}');
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
      const res = await post('/raw/M1', bytes, { 'content-type': type });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: 'M1', isBuffer: true, bytes: bytes.length });
    }
  });

  it('matches raw routes with parameters as Express mounts them, and only those', async () => {
    const json = JSON.stringify({ a: 1 });
    expect(await (await post('/m/M1/catalog', json)).json()).toEqual({ isBuffer: true });
    expect(await (await post('/m/M1/catalog?dry=1', json)).json()).toEqual({ isBuffer: true });
    expect(await (await post('/m/M1/other', json)).json()).toEqual({ isBuffer: false });
  });

  it('takes an empty body with a JSON content type as no body', async () => {
    const res = await post('/echo', '');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ keys: 0 });
  });

  it('answers malformed JSON with a 400 in the hub\'s error shape', async () => {
    const res = await post('/echo', '{"a":');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
    expect(body.message).toMatch(/JSON/);
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE, raw routes included', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(70 * 1024) });
    for (const path of ['/echo', '/raw/M1']) {
      const res = await post(path, big);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    }
  });

  it('lets a client finish uploading a body far over the limit and read its 413', async () => {
    // A slow client, 2 MB in 256 KB pieces against a 64 KB limit: refused after the first piece,
    // while most of the body is still to come. The answer must arrive, never a reset.
    const slowBody = () => {
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((r) => setTimeout(r, 15));
          if (sent++ === 8) controller.close();
          else controller.enqueue(Buffer.alloc(256 * 1024, 0x61));
        },
      });
    };
    const statuses = await Promise.all(
      ['/raw/M1', '/echo', '/raw/M2'].map(async (path) => {
        const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: slowBody(), duplex: 'half' } as RequestInit);
        return res.status;
      }),
    );
    expect(statuses).toEqual([413, 413, 413]);
    // Declared lengths far over the limit, several at once: refused before the upload starts.
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        post(i % 2 ? '/raw/M1' : '/echo', Buffer.alloc(7 * 1024 * 1024, 0x61)).then(
          (r) => r.status,
          (err: Error) => `${err.message}: ${String((err.cause as Error | undefined)?.message)}`,
        ),
      ),
    );
    expect(outcomes).toEqual(Array(12).fill(413));
  });

  it('names each invalid field of a DTO', async () => {
    const res = await post('/lines', JSON.stringify({ sku: 7, quantity: 0, extra: true }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; fields: Array<{ field: string }> };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.fields.map((f) => f.field).sort()).toEqual(['extra', 'quantity', 'sku']);
  });

  it('parses form bodies on parsed routes', async () => {
    const res = await post('/lines', 'sku=A-1&quantity=2', { 'content-type': 'application/x-www-form-urlencoded' });
    // Forms carry strings: the DTO refuses the quantity rather than guessing.
    expect(res.status).toBe(400);
    expect(((await res.json()) as { fields: Array<{ field: string }> }).fields.map((f) => f.field)).toEqual(['quantity']);
  });

  it('maps an unavailable dependency to 503 with Retry-After', async () => {
    const res = await fetch(`${base}/down`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({ statusCode: 503, code: 'BROKER_DOWN', message: 'the broker is not reachable' });
  });

  it('answers an unknown route with 404 in the same shape', async () => {
    const res = await fetch(`${base}/nowhere`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('serves its OpenAPI document', async () => {
    const res = await fetch(`${base}/docs/openapi.json`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { paths: Record<string, unknown> }).paths).toHaveProperty('/echo');
  });
});

describe('the HTTP app on fastify, beyond what Express does', () => {
  it('refuses a body it cannot parse with 415 UNSUPPORTED_MEDIA_TYPE (Express leaves it unparsed)', async () => {
    const options: HttpAppOptions = { ...OPTIONS, adapter: 'fastify' };
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    const app = moduleRef.createNestApplication(createHttpAdapter(options), { bodyParser: false, logger: false });
    configureHttpApp(app, options);
    await app.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`${await app.getUrl()}/echo`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    } finally {
      await app.close();
    }
  });
});
