import { DynamicModule, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadConfig, ReadinessRegistry } from '@hub/platform';
import { DatabaseConfig } from './database.config';
import { ServiceDataSourceInput, serviceDataSourceOptions } from './service-data-source';

export interface PersistenceModuleOptions extends Omit<ServiceDataSourceInput, 'url'> {
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
                poolSize: config.DATABASE_POOL_SIZE,
              }),
              // A database still starting is waited for (about a minute), then boot fails loudly.
              retryAttempts: 30,
              retryDelay: 2_000,
            };
          },
        }),
      ],
      providers: [DatabaseReadiness],
    };
  }
}
