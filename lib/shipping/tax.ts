import { eq } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { taxRates } from "@/db/schema";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { TaxConfig } from "./totals";

/** The store's tax setting and the rates of one destination country (its own and its regions'). */
export async function taxConfigFor(country: string | null | undefined, database: DbExecutor = db()): Promise<TaxConfig> {
  const inclusive = env().TAX_INCLUSIVE;
  if (!country) return { rates: [], inclusive };
  const rows = await database.select().from(taxRates).where(eq(taxRates.country, country));
  return { rates: rows.map((r) => ({ country: r.country, region: r.region, rateBps: r.rateBps })), inclusive };
}
