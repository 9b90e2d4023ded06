import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Secret } from '@hub/platform';

export class DatabaseConfig {
  @IsString() @Matches(/^postgres(ql)?:\/\//) @Secret()
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/hub';

  /** Overrides the service's own schema (tests give each suite its own). */
  @IsOptional() @Matches(/^[a-z_][a-z0-9_]{0,62}$/)
  DATABASE_SCHEMA?: string = undefined;

  /**
   * Server connections this process's pool may open; default: the service's own
   * (DEFAULT_POOL_SIZES). The pools of every process on one server must fit its budget
   * (connection-budget.ts): a replica count × pool size past it gets "too many clients".
   */
  @IsOptional() @IsInt() @Min(1) @Max(100)
  DATABASE_POOL_SIZE?: number = undefined;
}

export function assertSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a safe schema name: ${schema}`);
  return schema;
}

