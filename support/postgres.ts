// Shared by the tests and the bench (bench/, which must not import from tests/).
import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** Replace the database name in a postgres:// URL. */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export type ScratchDatabase = { name: string; url: string; drop(): Promise<void> };

/**
 * A new, empty database on the Postgres server at `serverUrl`, named `<prefix>_<random>`, for
 * one test file, suite or bench run. `drop` removes it even while connections remain (`with
 * (force)`), so a run that stops early still leaves nothing behind once it gets that far.
 */
export async function createScratchDatabase(serverUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  return {
    name,
    url: withDatabaseName(serverUrl, name),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
