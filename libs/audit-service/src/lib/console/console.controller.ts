import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Redirect, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

const TYPES: Record<string, string> = { 'console.js': 'text/javascript; charset=utf-8', 'console.css': 'text/css; charset=utf-8' };

/** The built app carries the files in `console/` beside main.js; in tests they are read from the source tree. */
function consoleDir(): string {
  const candidates = [join(__dirname, 'console'), join(__dirname, '..', '..', 'console')];
  const dir = candidates.find((d) => existsSync(join(d, 'index.html')));
  if (!dir) throw new Error(`support console files not found in ${candidates.join(' or ')}`);
  return dir;
}

/**
 * The support console: one static page that talks to this service's own HTTP API with the token
 * the user signs in with. No token is embedded; the page works only through the API's checks.
 */
@ApiExcludeController()
@Controller()
export class ConsoleController {
  private readonly files = new Map<string, string>();

  constructor() {
    const dir = consoleDir();
    for (const f of ['index.html', ...Object.keys(TYPES)]) this.files.set(f, readFileSync(join(dir, f), 'utf8'));
  }

  @Get()
  @Redirect('/console', 302)
  root(): void {
    return;
  }

  @Get('console')
  @Header('Content-Type', 'text/html; charset=utf-8')
  // The page runs only its own script and talks only to this origin.
  @Header('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return this.files.get('index.html') as string;
  }

  @Get('console/:file')
  @Header('Cache-Control', 'no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  asset(@Param('file') file: string, @Res({ passthrough: true }) res: Response): string {
    const body = this.files.get(file);
    const type = Object.prototype.hasOwnProperty.call(TYPES, file) ? TYPES[file] : undefined;
    if (!body || !type) throw new NotFoundException();
    res.setHeader('Content-Type', type);
    return body;
  }
}
