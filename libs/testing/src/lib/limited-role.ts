import { Client } from 'pg';
import { TEST_DATABASE_URL, uniqueName } from './test-namespace';
import { waitFor } from './wait-for';

/**
 * A real PostgreSQL login role with a CONNECTION LIMIT, for a service under test to connect as.
 * `cutOff()` sets the limit to 0 and closes the role's connections, so PostgreSQL refuses the
 * service exactly as it refuses past max_connections (SQLSTATE 53300); `restore()` lets it back in.
 * No mock: the refusal comes from PostgreSQL itself.
 */
export class LimitedRole {
  private constructor(
    readonly name: string,
    private readonly limit: number,
    private readonly admin: Client,
  ) {}

  static async create(prefix: string, limit: number): Promise<LimitedRole> {
    const admin = new Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const role = new LimitedRole(uniqueName(prefix), limit, admin);
    await admin.query(`CREATE ROLE "${role.name}" LOGIN CONNECTION LIMIT ${limit}`);
    return role;
  }

  /** TEST_DATABASE_URL with this role as the user (trust authentication: no password). */
  get url(): string {
    const url = new URL(TEST_DATABASE_URL);
    url.username = this.name;
    url.password = '';
    return url.toString();
  }

  /** A query as the suite's own (superuser) connection, e.g. to count rows the service wrote. */
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.admin.query<R>(sql, params).then((r) => r.rows);
  }

  /** Lets the role read and write the tables and sequences of `schema` (migrations ran as the suite's user). */
  async grantSchema(schema: string): Promise<void> {
    await this.admin.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${this.name}"`);
    await this.admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO "${this.name}"`);
    await this.admin.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA "${schema}" TO "${this.name}"`);
  }

  /**
   * Makes the role owner of `schema` and of everything in it (tables, partitions, views, routines;
   * a table's sequences follow it): for a service that creates and drops partitions itself.
   */
  async ownSchema(schema: string): Promise<void> {
    await this.admin.query(`ALTER SCHEMA "${schema}" OWNER TO "${this.name}"`);
    const relations = await this.query<{ name: string; kind: string }>(
      `SELECT c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm')`,
      [schema],
    );
    const keyword: Record<string, string> = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW' };
    for (const r of relations) await this.admin.query(`ALTER ${keyword[r.kind]} "${schema}"."${r.name}" OWNER TO "${this.name}"`);
    const routines = await this.query<{ sig: string }>(`SELECT p.oid::regprocedure::text AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`, [schema]);
    for (const f of routines) await this.admin.query(`ALTER ROUTINE ${f.sig} OWNER TO "${this.name}"`);
  }

  async connections(): Promise<number> {
    const [row] = await this.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE usename = $1`, [this.name]);
    return Number(row.n);
  }

  /** No new connection for the role, and the ones it holds closed under it. */
  async cutOff(): Promise<void> {
    await this.admin.query(`ALTER ROLE "${this.name}" CONNECTION LIMIT 0`);
    await this.terminate();
    await waitFor(async () => (await this.connections()) === 0, { what: `role ${this.name}'s connections closed` });
  }

  async restore(): Promise<void> {
    await this.admin.query(`ALTER ROLE "${this.name}" CONNECTION LIMIT ${this.limit}`);
  }

  /** Closes the role's connections, hands back whatever it still owns in this database, drops it. */
  async drop(): Promise<void> {
    await this.terminate();
    await this.admin.query(`REASSIGN OWNED BY "${this.name}" TO CURRENT_USER`);
    await this.admin.query(`DROP OWNED BY "${this.name}"`);
    await this.admin.query(`DROP ROLE IF EXISTS "${this.name}"`);
    await this.admin.end();
  }

  private async terminate(): Promise<void> {
    await this.admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [this.name]);
  }
}
