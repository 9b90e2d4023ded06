import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Secret } from '@hub/platform';

export class AmqpConfig {
  @IsString() @Matches(/^amqps?:\/\//) @Secret()
  AMQP_URL: string = 'amqp://guest:guest@127.0.0.1:5672';

  /** Names the exchange (`<prefix>.events`) and every queue; a test suite uses its own. */
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/)
  AMQP_PREFIX: string = 'hub';

  @IsInt() @Min(1) @Max(10_000)
  AMQP_PREFETCH: number = 50;

  @IsInt() @Min(100)
  AMQP_PUBLISH_TIMEOUT_MS: number = 5_000;

  @IsInt() @Min(100)
  AMQP_RPC_TIMEOUT_MS: number = 5_000;

  @IsInt() @Min(1) @Max(50)
  AMQP_RETRY_MAX_ATTEMPTS: number = 10;

  @IsInt() @Min(1)
  AMQP_RETRY_BASE_MS: number = 1_000;

  @IsInt() @Min(1)
  AMQP_RETRY_MAX_MS: number = 600_000;

  /**
   * How long a message is retried through an outage (outageOf: PostgreSQL unreachable, out of
   * connections, shutting down — its own or mapping's over RPC; or a service of the hub not
   * answering an RPC, NO_RESPONDER/RPC_TIMEOUT) before it is parked, from its first such failure.
   * Those retries use none of AMQP_RETRY_MAX_ATTEMPTS. 24 h.
   */
  @IsInt() @Min(1)
  AMQP_RETRY_OUTAGE_MAX_MS: number = 86_400_000;

  /** Transmission records one message carries at most (TransmissionRecorder); 1 = every record alone. */
  @IsInt() @Min(1) @Max(1_000)
  AMQP_RECORD_BATCH_RECORDS: number = 100;

  /** Bytes of records' JSON one message carries at most (a larger record travels alone). */
  @IsInt() @Min(1_024) @Max(8 * 1024 * 1024)
  AMQP_RECORD_BATCH_BYTES: number = 256 * 1024;
}
