/**
 * Applies every service's migrations, each in its own schema. `npm run migrate`.
 * Options: --schema-prefix P (schemas named P_<schema>, for an isolated run).
 */
import { Client } from 'pg';
import { loadConfig } from '@hub/platform';
import { DatabaseConfig, migrateSchema } from '@hub/persistence';
import { HUB_SERVICES, schemaFor } from './hub-services';

/** `only`: the services to migrate (default: all of them). */
export async function migrateAll(url: string, prefix?: string, log: (line: string) => void = console.log, only?: string[]): Promise<void> {
  for (const s of HUB_SERVICES.filter((x) => !only || only.includes(x.name))) {
    const schema = schemaFor(s, prefix);
    if (!schema || !s.migrations) continue;
    const applied = await migrateSchema({ url, schema, entities: s.entities ?? [], migrations: s.migrations });
    log(`migrate: ${s.name} (schema ${schema}): ${applied.length ? applied.join(', ') : 'up to date'}`);
  }
}

/** Drops every service schema of an isolated run (the inverse of `migrateAll(url, prefix)`). */
export async function dropSchemas(url: string, prefix: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    for (const s of HUB_SERVICES) {
      const schema = schemaFor(s, prefix);
      if (schema) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--schema-prefix');
  const prefix = i > 0 ? process.argv[i + 1] : undefined;
  migrateAll(loadConfig(DatabaseConfig).DATABASE_URL, prefix).catch((err) => {
    console.error(`migrate: failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
