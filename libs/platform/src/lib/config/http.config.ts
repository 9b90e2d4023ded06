import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';

export class HttpConfig {
  /** 0 means the service's documented default port (see DESIGN.md). */
  @IsInt() @Min(0) @Max(65535)
  PORT: number = 0;

  @IsString()
  HOST: string = '0.0.0.0';

  @IsString()
  HTTP_BODY_LIMIT: string = '6mb';
}

export class LogConfig {
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}
