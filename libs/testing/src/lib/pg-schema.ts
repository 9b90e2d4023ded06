import { Client } from 'pg';
import { TEST_DATABASE_URL, uniqueName } from './test-namespace';

export interface TestSchema {
  schema: string;
  url: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A schema of the suite's own in the real PostgreSQL, dropped (with everything in it) afterwards. */
export async function createTestSchema(label: string, url = TEST_DATABASE_URL): Promise<TestSchema> {
  const schema = uniqueName(label);
  const client = new Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  return {
    schema,
    url,
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    drop: async () => {
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
