import { openDatabase, type Database, type DatabaseHandle } from "@/db/client";
import { env } from "@/lib/env";

// One handle per process, kept on globalThis so Next's dev reloads do not open a second PGlite
// on the same folder (PGlite has no lock between instances).
const globalForDb = globalThis as typeof globalThis & { __cashlineDb?: DatabaseHandle };

export function databaseHandle(): DatabaseHandle {
  if (!globalForDb.__cashlineDb) {
    const config = env();
    globalForDb.__cashlineDb = openDatabase(
      config.DATABASE_URL ? { kind: "postgres", url: config.DATABASE_URL } : { kind: "pglite", dir: config.pgliteDir },
    );
  }
  return globalForDb.__cashlineDb;
}

/** The application's Drizzle database. */
export function db(): Database {
  return databaseHandle().db;
}

/** Point this process at a given database (tests and the standalone worker). */
export function useDatabaseHandle(handle: DatabaseHandle): void {
  globalForDb.__cashlineDb = handle;
}
