import type { DataSourceOptions } from 'typeorm';
// The dev tools are the one place that knows every service's schema and migrations (to run them
// all from one command); feature libs and apps export them and nothing else reaches into them.
/* eslint-disable @nx/enforce-module-boundaries */
import { AUDIT_MIGRATIONS, AUDIT_SCHEMA } from '@hub/audit-service';
import { INFUSIONSOFT_MIGRATIONS, INFUSIONSOFT_SCHEMA } from '@hub/infusionsoft-service';
import { INGEST_ENTITIES, INGEST_MIGRATIONS, INGEST_SCHEMA } from '@hub/ingest-service';
import { MAPPING_ENTITIES, MAPPING_MIGRATIONS, MAPPING_SCHEMA } from '@hub/mapping-service';
import { ONTRAPORT_MIGRATIONS, ONTRAPORT_SCHEMA } from '@hub/ontraport-service';
import { ORDER_IMPORT_ENTITIES, ORDER_IMPORT_MIGRATIONS, ORDER_IMPORT_SCHEMA } from '@hub/order-import-service';
/* eslint-enable @nx/enforce-module-boundaries */

export interface HubService {
  name: string;
  entry: string;
  port: number;
  schema?: string;
  entities?: NonNullable<DataSourceOptions['entities']>;
  migrations?: NonNullable<DataSourceOptions['migrations']>;
}

/** The six services, their default ports (DESIGN.md) and the schema each owns. */
export const HUB_SERVICES: HubService[] = [
  { name: 'ingest', entry: 'apps/ingest/src/main.ts', port: 3000, schema: INGEST_SCHEMA, entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS },
  { name: 'mapping', entry: 'apps/mapping/src/main.ts', port: 3001, schema: MAPPING_SCHEMA, entities: MAPPING_ENTITIES, migrations: MAPPING_MIGRATIONS },
  { name: 'order-import', entry: 'apps/order-import/src/main.ts', port: 3002, schema: ORDER_IMPORT_SCHEMA, entities: ORDER_IMPORT_ENTITIES, migrations: ORDER_IMPORT_MIGRATIONS },
  { name: 'audit-log', entry: 'apps/audit-log/src/main.ts', port: 3003, schema: AUDIT_SCHEMA, entities: [], migrations: AUDIT_MIGRATIONS },
  { name: 'ontraport-connector', entry: 'apps/ontraport-connector/src/main.ts', port: 3004, schema: ONTRAPORT_SCHEMA, entities: [], migrations: ONTRAPORT_MIGRATIONS },
  { name: 'infusionsoft-connector', entry: 'apps/infusionsoft-connector/src/main.ts', port: 3005, schema: INFUSIONSOFT_SCHEMA, entities: [], migrations: INFUSIONSOFT_MIGRATIONS },
];

/** A test run gives every service a schema of its own under one prefix. */
export function schemaFor(service: HubService, prefix?: string): string | undefined {
  return service.schema && (prefix ? `${prefix}_${service.schema}` : service.schema);
}
