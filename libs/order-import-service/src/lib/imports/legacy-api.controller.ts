import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LEGACY_SCALARS, parseLegacyForm } from '@hub/order-import';
import { HubError, ErrorKind } from '@hub/platform';
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
  constructor(
    private readonly imports: ImportService,
    private readonly lifecycle: OrderLifecycleService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Refused: the legacy API takes POST only (as UltraCart did: "HTTP GET will be rejected with a 400")' })
  @ApiBadRequestResponse({ description: 'Always' })
  refuseGet(): never {
    throw new HubError('POST_REQUIRED', 'The channel partner API requires HTTP POST', ErrorKind.Invalid);
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
    if (!isForm(req.headers['content-type'])) throw new HubError('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/x-www-form-urlencoded', ErrorKind.Invalid);
    const form = parseLegacyForm(Buffer.isBuffer(body) ? body.toString('utf8') : '', LEGACY_SCALARS);
    const call = { credentials: form.credentials, method: 'POST', url: LEGACY_API_PATH };
    let outcome: Outcome;
    switch (form.method) {
      case 'importOrder':
        outcome = await this.imports.importOrder({ ...call, iface: 'legacy', order: form.order, readProblems: form.problems });
        break;
      case 'cancelOrderByChannelPartnerOrderId':
        outcome = await this.lifecycle.cancel({ by: 'channelPartnerOrderId', id: String(form.order['channelPartnerOrderId'] ?? '') }, call);
        break;
      case 'cancelOrderByUltraCartOrderId':
        outcome = await this.lifecycle.cancel({ by: 'orderId', id: String(form.order['orderId'] ?? '') }, call);
        break;
      default:
        outcome = { httpStatus: 400, success: false, errors: [{ field: 'method', message: 'must be importOrder, cancelOrderByChannelPartnerOrderId or cancelOrderByUltraCartOrderId' }], warnings: [] };
    }
    void res.status(outcome.httpStatus).type('text/plain; charset=utf-8').send(toLegacyText(outcome));
  }
}

function isForm(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
}
