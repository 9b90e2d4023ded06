import { Body, Controller, Get, HttpCode, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LEGACY_SCALARS, parseLegacyForm } from '@hub/order-import';
import { errorAnswer, ErrorKind, HubError } from '@hub/platform';
import { Outcome, toLegacyText } from './import-outcome';
import { ImportService } from './import.service';
import { OrderLifecycleService } from './order-lifecycle.service';
import { LEGACY_FORM_SCHEMA } from './openapi-schemas';

export const LEGACY_API_PATH = '/channel-partner/api';

/**
 * The legacy HTTPS POST interface: `application/x-www-form-urlencoded` name/value pairs, `method`
 * choosing importOrder or a cancel; answered as `name=value` lines (toLegacyText).
 */
@ApiTags('channel partner: legacy HTTPS POST')
@Controller(LEGACY_API_PATH.slice(1))
export class LegacyApiController {
  private readonly logger = new Logger(LegacyApiController.name);

  constructor(
    private readonly imports: ImportService,
    private readonly lifecycle: OrderLifecycleService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Refused: the legacy API takes POST only (as UltraCart did: "HTTP GET will be rejected with a 400")' })
  @ApiBadRequestResponse({ description: 'Always' })
  refuseGet(@Res() res: FastifyReply): void {
    this.answer(res, this.refusal(new HubError('POST_REQUIRED', 'The channel partner API requires HTTP POST', ErrorKind.Invalid), res));
  }

  @Post()
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiProduces('text/plain')
  @ApiBody({ schema: LEGACY_FORM_SCHEMA })
  @ApiOperation({
    summary: 'importOrder, cancelOrderByChannelPartnerOrderId or cancelOrderByUltraCartOrderId',
    description:
      'Answers text/plain lines: `success=true|false`, `orderId=…`, `stage=…` and one `error=<field>: <message>` / `warning=…` line each. ' +
      'Status: 200 imported (or the same order again), 400 invalid (every error listed), 401 credentials, 402 card declined, 404 no such order, 409 same id with other content or a cancel the stage forbids, 503 retry later.',
  })
  @ApiOkResponse({ description: 'success=true', content: { 'text/plain': { schema: { type: 'string', example: 'success=true\norderId=DEMO-0000000001\nstage=Shipping Department\n' } } } })
  async post(@Body() body: Buffer | undefined, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    let outcome: Outcome;
    try {
      outcome = await this.handle(body, req);
    } catch (err) {
      // Credentials, an unavailable store…: answered in this interface's own format too.
      if (!(err instanceof HubError)) throw err;
      outcome = this.refusal(err, res);
    }
    this.answer(res, outcome);
  }

  private async handle(body: Buffer | undefined, req: FastifyRequest): Promise<Outcome> {
    if (!isForm(req.headers['content-type'])) throw new HubError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/x-www-form-urlencoded', ErrorKind.Invalid);
    const form = parseLegacyForm(Buffer.isBuffer(body) ? body.toString('utf8') : '', LEGACY_SCALARS);
    const call = { credentials: form.credentials, method: 'POST', url: LEGACY_API_PATH };
    switch (form.method) {
      case 'importOrder':
        return this.imports.importOrder({ ...call, iface: 'legacy', order: form.order, readProblems: form.problems });
      case 'cancelOrderByChannelPartnerOrderId':
        return this.lifecycle.cancel({ by: 'channelPartnerOrderId', id: String(form.order['channelPartnerOrderId'] ?? '') }, call);
      case 'cancelOrderByUltraCartOrderId':
        return this.lifecycle.cancel({ by: 'orderId', id: String(form.order['orderId'] ?? '') }, call);
      default:
        return { httpStatus: 400, success: false, errors: [{ field: 'method', message: 'must be importOrder, cancelOrderByChannelPartnerOrderId or cancelOrderByUltraCartOrderId' }], warnings: [] };
    }
  }

  /** A HubError as this interface's answer: the status HubErrorFilter would give, one `error=` line. */
  private refusal(err: HubError, res: FastifyReply): Outcome {
    const { status, headers, body } = errorAnswer(err, this.logger);
    void res.headers(headers ?? {});
    const field = err.kind === ErrorKind.Unauthorized ? 'credentials' : body.code;
    return { httpStatus: status, success: false, errors: [{ field, message: body.message }], warnings: [], aboutCall: true };
  }

  private answer(res: FastifyReply, outcome: Outcome): void {
    void res.status(outcome.httpStatus).type('text/plain; charset=utf-8').send(toLegacyText(outcome));
  }
}

function isForm(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
