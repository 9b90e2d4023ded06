/**
 * The hub's PostgreSQL connection budget, owned here: every process holds a pool of up to
 * `DATABASE_POOL_SIZE` server connections, and the pools of every process sharing a server must
 * fit into its `max_connections` less `superuser_reserved_connections` and CONNECTION_RESERVE.
 *
 * Defaults are sized to what each service does with the database at once:
 * - ingest and order-import answer HTTP with many concurrent requests, each one short transaction
 *   (dedupe insert; order + outbox insert), and order-import's outbox relay takes one more: 10;
 * - mapping answers HTTP and RPCs (token checks, credentials), short reads: 6;
 * - the connectors claim, lease and record commands and take rate slots (short transactions): 5;
 * - audit-log writes one COPY batch at a time and serves searches: 4.
 *
 * Hub ×1 (six processes) is 40 connections; the end-to-end bench's hub ×2 (mapping and both
 * connectors twice, nine processes) is 56; every service twice is 80 — all within 100 − 3 − 15.
 * More replicas than that need PgBouncer in transaction mode in front (libs/persistence/README.md).
 */
export const DEFAULT_POOL_SIZES = {
  ingest: 10,
  'order-import': 10,
  mapping: 6,
  'ontraport-connector': 5,
  'infusionsoft-connector': 5,
  'audit-log': 4,
} as const satisfies Record<string, number>;

export type PooledService = keyof typeof DEFAULT_POOL_SIZES;

/** Connections the hub's pools leave free: migrations, operators' psql, monitoring, tools and tests. */
export const CONNECTION_RESERVE = 15;

/** What the server allows, from `SHOW`-able settings and pg_stat_activity. */
export interface ServerConnections {
  maxConnections: number;
  superuserReserved: number;
  /** Client connections open now, other than the one that asked. */
  inUse: number;
  /** The login role's CONNECTION LIMIT, or -1 for none. */
  roleLimit: number;
}

export const SERVER_CONNECTIONS_SQL = `SELECT current_setting('max_connections')::int AS "maxConnections",
  current_setting('superuser_reserved_connections')::int AS "superuserReserved",
  (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()) AS "inUse",
  (SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user) AS "roleLimit"`;

/** Connections the hub's pools may use together on this server. */
export function poolBudget(server: Pick<ServerConnections, 'maxConnections' | 'superuserReserved'>, reserve = CONNECTION_RESERVE): number {
  return server.maxConnections - server.superuserReserved - reserve;
}

/**
 * Why pools of `total` connections (one process's, or every process's of a launch) cannot fit on
 * the server, or undefined when they do. `ownConnections` are already counted in `inUse`.
 */
export function budgetProblem(total: number, server: ServerConnections, options: { ownConnections?: number; reserve?: number } = {}): string | undefined {
  const budget = poolBudget(server, options.reserve);
  const free = server.maxConnections - server.superuserReserved - server.inUse + (options.ownConnections ?? 0);
  if (server.roleLimit >= 0 && total > server.roleLimit) {
    return `pools of ${total} connections exceed the database role's CONNECTION LIMIT ${server.roleLimit}`;
  }
  if (total > budget) {
    return `pools of ${total} connections exceed the budget of ${budget} (max_connections ${server.maxConnections} − ${server.superuserReserved} superuser-reserved − ${options.reserve ?? CONNECTION_RESERVE} reserve): lower DATABASE_POOL_SIZE or put PgBouncer in front`;
  }
  if (total > free) {
    return `pools of ${total} connections exceed the ${free} connections the server has free now (max_connections ${server.maxConnections}, ${server.inUse} in use by others)`;
  }
  return undefined;
}
