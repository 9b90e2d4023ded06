import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, sanitizeCorrelationId, withCorrelation, currentCorrelationId } from './correlation';

/** Every HTTP request runs inside a correlation context; the id is echoed in the response. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    withCorrelation(sanitizeCorrelationId(req.headers[CORRELATION_HEADER]), () => {
      res.setHeader(CORRELATION_HEADER, currentCorrelationId() as string);
      next();
    });
  }
}
