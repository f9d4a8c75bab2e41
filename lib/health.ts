import { pingDatabase } from "@/db/client";
import { databaseHandle } from "@/lib/db";

export type Health = { status: "ok" | "degraded"; db: "ok" | "down" };

/** Is the database answering `select 1`? */
export async function checkHealth(): Promise<Health> {
  const dbUp = await pingDatabase(databaseHandle());
  return { status: dbUp ? "ok" : "degraded", db: dbUp ? "ok" : "down" };
}
