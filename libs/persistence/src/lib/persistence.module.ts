import { DynamicModule, Injectable, Logger, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadConfig, ReadinessRegistry } from '@hub/platform';
import { budgetProblem, SERVER_CONNECTIONS_SQL, ServerConnections } from './connection-budget';
import { DatabaseConfig } from './database.config';
import { poolSizeOf, ServiceDataSourceInput, serviceDataSourceOptions } from './service-data-source';

export interface PersistenceModuleOptions extends Omit<ServiceDataSourceInput, 'url' | 'poolSize'> {
  /** The pool size when DATABASE_POOL_SIZE is not set: the service's entry of DEFAULT_POOL_SIZES. */
  defaultPoolSize: number;
  /** Overrides of the environment (tests). */
  config?: Partial<DatabaseConfig>;
}

@Injectable()
class DatabaseReadiness implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register({ name: 'database', check: async () => void (await this.dataSource.query('SELECT 1')) });
  }
}

/**
 * Tells operators at boot what the pool may take of the server and warns when it cannot fit
 * (the server's max_connections, what others hold now, the role's CONNECTION LIMIT). It only
 * logs: a hub that cannot get a connection answers 503 and retries messages, it does not fail.
 */
@Injectable()
class ConnectionBudgetCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    const poolSize = poolSizeOf(this.dataSource);
    void this.dataSource
      .query(SERVER_CONNECTIONS_SQL)
      .then(([server]: ServerConnections[]) => {
        const problem = budgetProblem(poolSize, server);
        const facts = { poolSize, ...server };
        if (problem) this.logger.warn(facts, `connection budget: ${problem}`);
        else this.logger.log(facts, `connection pool of ${poolSize} (max_connections ${server.maxConnections}, ${server.inUse} in use by others)`);
      })
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'connection budget not checked'));
  }
}

@Module({})
export class PersistenceModule {
  /** The service's TypeORM connection, in its own schema, with a readiness check. */
  static forService(options: PersistenceModuleOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => {
            const config = Object.assign(loadConfig(DatabaseConfig), options.config);
            return {
              ...serviceDataSourceOptions({
                ...options,
                url: config.DATABASE_URL,
                schema: config.DATABASE_SCHEMA ?? options.schema,
                poolSize: config.DATABASE_POOL_SIZE ?? options.defaultPoolSize,
              }),
              // A database still starting is waited for (about a minute), then boot fails loudly.
              retryAttempts: 30,
              retryDelay: 2_000,
            };
          },
        }),
      ],
      providers: [DatabaseReadiness, ConnectionBudgetCheck],
    };
  }
}
