import { assertMinorUnits, sumLines } from "@/lib/money";

/** A rate as the totals see it: its price, and the subtotal from which it is free. */
export type PricedRate = { id: string; name: string; amount: number; currency: string; freeOver: number | null };

/** The tax rates that may apply: a country's (region "") and its regions'. */
export type TaxRule = { country: string; region: string; rateBps: number };

export type TaxConfig = { rates: readonly TaxRule[]; inclusive: boolean };

export type TotalsLine = { unitAmount: number; quantity: number; requiresShipping: boolean };

export type Totals = {
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  /** Whether any line is physical (the cart needs an address and a rate). */
  needsShipping: boolean;
  taxInclusive: boolean;
  taxRateBps: number;
};

/** `n × num / den` rounded half up, in integers (no floating point). */
function mulDivRound(n: number, num: number, den: number): number {
  return Math.floor((2 * n * num + den) / (2 * den));
}

/** The rate that applies to an address: its region's if there is one, else its country's, else none. */
export function taxRateFor(rates: readonly TaxRule[], address: { country: string; state?: string | null } | null | undefined): number {
  if (!address) return 0;
  const region = (address.state ?? "").trim().toUpperCase();
  const own = region ? rates.find((r) => r.country === address.country && r.region.toUpperCase() === region) : undefined;
  return (own ?? rates.find((r) => r.country === address.country && r.region === ""))?.rateBps ?? 0;
}

/** What a rate costs for this subtotal: nothing from its `freeOver` threshold up (inclusive). */
export function shippingCost(rate: Pick<PricedRate, "amount" | "freeOver">, subtotal: number): number {
  return rate.freeOver !== null && subtotal >= rate.freeOver ? 0 : rate.amount;
}

/**
 * The one place an order's money is computed: subtotal of the lines, shipping (only when a line
 * needs it), tax on goods and shipping by the destination (or the given address for digital
 * goods), and the total the PaymentIntent charges. All integer minor units of `currency`, so a
 * zero-decimal currency (jpy) rounds to whole yen. With inclusive tax the prices already hold it:
 * the tax is the part of the total that is tax, and the total does not grow.
 */
export function computeTotals(input: {
  lines: readonly TotalsLine[];
  currency: string;
  address?: { country: string; state?: string | null } | null;
  rate?: PricedRate | null;
  tax: TaxConfig;
}): Totals {
  const subtotal = sumLines(input.lines);
  const needsShipping = input.lines.some((l) => l.requiresShipping);
  let shipping = 0;
  if (needsShipping && input.rate) {
    if (input.rate.currency !== input.currency) throw new RangeError(`shipping rate ${input.rate.id} is in ${input.rate.currency}, not ${input.currency}`);
    shipping = shippingCost(input.rate, subtotal);
  }
  assertMinorUnits(shipping);
  const base = subtotal + shipping;
  const rateBps = taxRateFor(input.tax.rates, input.address);
  const tax = input.tax.inclusive ? mulDivRound(base, rateBps, 10_000 + rateBps) : mulDivRound(base, rateBps, 10_000);
  const total = input.tax.inclusive ? base : base + tax;
  assertMinorUnits(total);
  return { subtotal, shipping, tax, total, needsShipping, taxInclusive: input.tax.inclusive, taxRateBps: rateBps };
}
