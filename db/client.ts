import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

/**
 * One Drizzle API over two drivers: PGlite (embedded, a folder on disk) when no DATABASE_URL is
 * set, the `postgres` driver otherwise. Both speak the same SQL dialect, so the rest of the code
 * sees a single type.
 */
export type Database = PostgresJsDatabase<typeof schema>;

/** The database or an open transaction: what a function that may join a caller's transaction takes. */
export type DbExecutor = Database | Parameters<Parameters<Database["transaction"]>[0]>[0];

export type DatabaseTarget = { kind: "pglite"; dir: string } | { kind: "postgres"; url: string };

export type DatabaseHandle = {
  db: Database;
  target: DatabaseTarget;
  /** Apply pending migrations from db/migrations. */
  migrate(): Promise<void>;
  /** Raw access for libraries that bring their own SQL (the job queue). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Run a parameterless (possibly multi-statement) script; returns the last statement's rows. */
  exec(text: string): Promise<Record<string, unknown>[]>;
  /**
   * LISTEN on `channel` (Postgres on a connection of its own, re-subscribed after a reconnect;
   * PGlite in-process). Resolves once listening; the function it gives stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");

export function openDatabase(target: DatabaseTarget): DatabaseHandle {
  if (target.kind === "pglite") {
    // PGlite creates its own folder but not missing parents (e.g. a nested PGLITE_DIR).
    if (!target.dir.includes("://")) mkdirSync(path.dirname(target.dir), { recursive: true });
    // pg_trgm: the catalog's typo-tolerant search (the migrations create the extension).
    const client = new PGlite(target.dir, { extensions: { pg_trgm } });
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    return {
      db,
      target,
      migrate: () => migratePglite(db as never, { migrationsFolder }),
      query: async <T,>(text: string, params: unknown[] = []) => (await client.query<T>(text, params)).rows,
      exec: async (text: string) => ((await client.exec(text)).at(-1)?.rows ?? []) as Record<string, unknown>[],
      listen: (channel, onPayload) => client.listen(channel, onPayload),
      close: () => client.close(),
    };
  }
  const client = postgres(target.url, {
    max: 10,
    connect_timeout: 5,
    idle_timeout: 30,
    onnotice: () => {},
  });
  const db = drizzlePostgres(client, { schema });
  return {
    db,
    target,
    migrate: () => migratePostgres(db, { migrationsFolder }),
    query: async <T,>(text: string, params: unknown[] = []) =>
      (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[])) as unknown as T[],
    exec: async (text: string) => {
      const result = (await client.unsafe(text).simple()) as unknown[];
      return (Array.isArray(result[0]) ? result.at(-1) : result) as Record<string, unknown>[];
    },
    listen: async (channel, onPayload) => {
      const { unlisten } = await client.listen(channel, onPayload);
      return unlisten;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** The rows of `db.execute(sql…)`: postgres.js answers an array, PGlite `{ rows }`. */
export function executedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Ping used by the health checks. */
export async function pingDatabase(handle: DatabaseHandle, timeoutMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = handle.db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
