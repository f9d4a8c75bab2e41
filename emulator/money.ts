/** Amounts as Stripe's messages print them ("$19.00", "500 JPY") and the minimum charge per currency. */

const ZERO_DECIMAL = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"]);

const MINIMUM_CHARGE: Record<string, number> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50, chf: 50, jpy: 50 };

export function formatMoney(amount: number, currency: string): string {
  const c = (currency ?? "usd").toLowerCase();
  if (ZERO_DECIMAL.has(c)) return `${amount} ${c.toUpperCase()}`;
  const symbol = c === "usd" ? "$" : c === "eur" ? "€" : c === "gbp" ? "£" : "";
  const value = (amount / 100).toFixed(2);
  return symbol ? `${symbol}${value}` : `${value} ${c.toUpperCase()}`;
}

/** The smallest amount a charge in `currency` may have (1 for currencies without a documented minimum). */
export function minimumCharge(currency: string): number {
  return MINIMUM_CHARGE[(currency ?? "").toLowerCase()] ?? 1;
}
