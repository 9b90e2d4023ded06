import { assertSchemaName } from './database.config';
import { serviceDataSourceOptions } from './service-data-source';

describe('serviceDataSourceOptions', () => {
  it('pins search_path and the migrations table to the service schema, never synchronize', () => {
    const o = serviceDataSourceOptions({ url: 'postgres://x@h/db', schema: 'ingest', entities: [], migrations: [] }) as unknown as Record<string, unknown> & { extra: { options: string } };
    expect(o['schema']).toBe('ingest');
    expect(o.extra.options).toBe('-c search_path=ingest');
    expect(o['synchronize']).toBe(false);
    expect(o['migrationsRun']).toBe(false);
  });

  it('refuses schema names that would need quoting or could inject SQL', () => {
    for (const bad of ['Ingest', 'a-b', 'x"; DROP SCHEMA public; --', '', '1abc']) expect(() => assertSchemaName(bad)).toThrow('not a safe schema name');
    expect(assertSchemaName('t_e2e_abc123')).toBe('t_e2e_abc123');
  });
});
