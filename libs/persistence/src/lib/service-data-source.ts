import { DataSource, DataSourceOptions } from 'typeorm';
import { assertSchemaName } from './database.config';

/** pg's pool size when the caller names none. */
const DEFAULT_POOL = 10;

export interface ServiceDataSourceInput {
  url: string;
  /** The service's own schema: no service reads another's tables. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  poolSize?: number;
  applicationName?: string;
  /** Extra session settings for every connection of the service (`synchronous_commit: 'off'`…). */
  sessionSettings?: Record<string, string>;
}

/**
 * One schema per service. `search_path` is pinned to it, so migrations are written with plain
 * table names and run unchanged in any schema (a test suite's own, for instance).
 */
export function serviceDataSourceOptions(input: ServiceDataSourceInput): DataSourceOptions {
  const schema = assertSchemaName(input.schema);
  return {
    type: 'postgres',
    url: input.url,
    schema,
    entities: input.entities,
    migrations: input.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    applicationName: input.applicationName,
    extra: { max: input.poolSize ?? DEFAULT_POOL, options: sessionOptions(schema, input.sessionSettings), connectionTimeoutMillis: 5_000 },
  };
}

/** The connection pool size a data source was built with (serviceDataSourceOptions). */
export function poolSizeOf(dataSource: DataSource): number {
  return (dataSource.options.extra as { max?: number } | undefined)?.max ?? DEFAULT_POOL;
}

function sessionOptions(schema: string, settings: Record<string, string> = {}): string {
  for (const [k, v] of Object.entries(settings)) {
    if (!/^[a-z_]+$/.test(k) || !/^[A-Za-z0-9_.-]+$/.test(v)) throw new Error(`not a safe session setting: ${k}=${v}`);
  }
  return [`-c search_path=${schema}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
}

/** Creates the schema when missing and applies pending migrations; returns their names. */
export async function migrateSchema(input: ServiceDataSourceInput): Promise<string[]> {
  const ds = new DataSource(serviceDataSourceOptions({ ...input, poolSize: 1 }));
  await ds.initialize();
  try {
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${assertSchemaName(input.schema)}"`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
