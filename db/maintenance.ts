import type { DatabaseHandle } from "./client";

/**
 * What Postgres's autovacuum does for the planner, for PGlite, which has none (one process, no
 * background workers): fresh statistics (ANALYZE) and every GIN index's pending list merged into
 * the index (gin_clean_pending_list). Without them the catalog's search indexes go unused or slow
 * after bulk writes — at 10,000 products a search took 250 ms (the planner, without statistics,
 * filtered every row) against under 1 ms after. Run after a bulk seed (scripts/db-seed.ts) and on
 * a schedule on PGlite (the db-maintenance job, lib/jobs/worker.ts). Harmless on Postgres.
 */
export async function refreshPlannerStatistics(handle: Pick<DatabaseHandle, "exec" | "query">): Promise<{ ginIndexes: number }> {
  await handle.exec("analyze");
  const gins = await handle.query<{ name: string }>(
    `select c.oid::regclass::text as name
       from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
       join pg_namespace n on n.oid = c.relnamespace
      where am.amname = 'gin' and n.nspname = current_schema()`,
  );
  for (const { name } of gins) await handle.query("select gin_clean_pending_list($1::regclass)", [name]);
  return { ginIndexes: gins.length };
}
