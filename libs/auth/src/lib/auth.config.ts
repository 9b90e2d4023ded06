import { IsInt, Max, Min } from 'class-validator';

export class AuthConfig {
  /** Seconds an accepted token is trusted before mapping is asked again (0: ask every time). */
  @IsInt() @Min(0) @Max(300)
  AUTH_CACHE_SECONDS: number = 30;

  /** Distinct tokens remembered per process. */
  @IsInt() @Min(1)
  AUTH_CACHE_MAX_ENTRIES: number = 10_000;
}
