import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { RawBodyCarrier, ValidationFailedError } from '@hub/platform';
import { SIGNATURE_HEADER, WebhookAuthService } from './webhook-auth.service';

const MERCHANT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** What the guard reads of a request, on either HTTP adapter. */
type WebhookRequest = RawBodyCarrier & { params: Record<string, string | undefined>; headers: IncomingHttpHeaders; body?: unknown };

/**
 * Authenticates a delivery for the `:merchantId` of its route before its body is validated, so a
 * stranger learns nothing about what the endpoint would accept. A merchant id that cannot be one
 * is a 400 (it names no merchant to authenticate against).
 */
@Injectable()
export class WebhookAuthGuard implements CanActivate {
  constructor(private readonly auth: WebhookAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<WebhookRequest>();
    const merchantId = String(req.params['merchantId'] ?? '');
    if (!MERCHANT_ID.test(merchantId)) throw new ValidationFailedError([{ field: 'merchantId', messages: ['must be 1-64 letters, digits, _ or -'] }]);
    const signature = req.headers[SIGNATURE_HEADER];
    await this.auth.verify(merchantId, {
      authorization: req.headers.authorization,
      signature: Array.isArray(signature) ? signature[0] : signature,
      // Raw-body routes have the bytes as their body; JSON routes keep them beside the parsed one.
      body: Buffer.isBuffer(req.body) ? req.body : req.rawBody,
    });
    return true;
  }
}
