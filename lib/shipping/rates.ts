import { and, asc, eq, inArray } from "drizzle-orm";
import type { DbExecutor } from "@/db/client";
import { shippingRates } from "@/db/schema";
import { db } from "@/lib/db";
import type { PricedRate } from "./totals";

/** A shipping method offered for a destination. */
export type OfferedRate = PricedRate & { minDays: number; maxDays: number };

/** The fallback rows' country: destinations the store ships to without rows of their own. */
export const ANY_COUNTRY = "*";

/**
 * The active rates offered for a country in a currency, cheapest-first by `sort`: the country's own
 * row for a rate id, else that id's fallback row ("*").
 */
export async function ratesForCountry(country: string, currency: string, database: DbExecutor = db()): Promise<OfferedRate[]> {
  const rows = await database
    .select()
    .from(shippingRates)
    .where(and(inArray(shippingRates.country, [country, ANY_COUNTRY]), eq(shippingRates.active, true), eq(shippingRates.currency, currency)))
    .orderBy(asc(shippingRates.sort), asc(shippingRates.id));
  const byId = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const seen = byId.get(row.id);
    if (!seen || (seen.country === ANY_COUNTRY && row.country === country)) byId.set(row.id, row);
  }
  return [...byId.values()]
    .sort((a, b) => a.sort - b.sort || a.id.localeCompare(b.id))
    .map((r) => ({ id: r.id, name: r.name, amount: r.amount, currency: r.currency, freeOver: r.freeOver, minDays: r.minDays, maxDays: r.maxDays }));
}

/** One rate offered for the country, or null (unknown id, inactive, or not offered there). */
export async function findOfferedRate(rateId: string, country: string, currency: string, database: DbExecutor = db()): Promise<OfferedRate | null> {
  return (await ratesForCountry(country, currency, database)).find((r) => r.id === rateId) ?? null;
}

export type ShippingRateDto = {
  id: string;
  name: string;
  amount: number;
  currency: string;
  free_over: number | null;
  delivery_estimate: { min_days: number; max_days: number };
};

export function toShippingRateDto(r: OfferedRate): ShippingRateDto {
  return { id: r.id, name: r.name, amount: r.amount, currency: r.currency, free_over: r.freeOver, delivery_estimate: { min_days: r.minDays, max_days: r.maxDays } };
}
