import { describe, expect, it } from "vitest";
import { computeTotals, shippingCost, taxRateFor } from "@/lib/shipping/totals";
import { shippingAddressSchema } from "@/lib/shipping/address";

const rates = [
  { country: "US", region: "", rateBps: 0 },
  { country: "US", region: "CA", rateBps: 725 },
  { country: "US", region: "NY", rateBps: 400 },
  { country: "DE", region: "", rateBps: 1900 },
  { country: "GB", region: "", rateBps: 2000 },
  { country: "JP", region: "", rateBps: 1000 },
];
const physical = (unitAmount: number, quantity = 1) => ({ unitAmount, quantity, requiresShipping: true });
const digital = (unitAmount: number, quantity = 1) => ({ unitAmount, quantity, requiresShipping: false });
const rate = (amount: number, currency: string, freeOver: number | null = null) => ({ id: "r", name: "R", amount, currency, freeOver });

describe("computeTotals", () => {
  it("usd, exclusive tax by US state: tax on goods and shipping, rounded half up to the cent", () => {
    const t = computeTotals({
      lines: [physical(1999, 2), physical(500)],
      currency: "usd",
      address: { country: "US", state: "CA" },
      rate: rate(1500, "usd"),
      tax: { rates, inclusive: false },
    });
    // (3998 + 500 + 1500) × 7.25 % = 434.855 → 435
    expect(t).toMatchObject({ subtotal: 4498, shipping: 1500, tax: 435, total: 6433, needsShipping: true, taxRateBps: 725 });
  });

  it("eur, inclusive VAT: the tax is the part of the total that is tax, the total does not grow", () => {
    const t = computeTotals({ lines: [physical(11900)], currency: "eur", address: { country: "DE" }, rate: rate(900, "eur", 15000), tax: { rates, inclusive: true } });
    // 12800 × 19 / 119 = 2043.697 → 2044
    expect(t).toMatchObject({ subtotal: 11900, shipping: 900, tax: 2044, total: 12800, taxInclusive: true });
  });

  it("jpy (zero-decimal): amounts are whole yen, tax rounds to the yen", () => {
    const t = computeTotals({ lines: [physical(1500, 3)], currency: "jpy", address: { country: "JP" }, rate: rate(1200, "jpy"), tax: { rates, inclusive: false } });
    expect(t).toMatchObject({ subtotal: 4500, shipping: 1200, tax: 570, total: 6270 });
    const down = computeTotals({ lines: [digital(1234)], currency: "jpy", address: { country: "JP" }, tax: { rates, inclusive: false } });
    expect(down).toMatchObject({ tax: 123, total: 1357 });
    const half = computeTotals({ lines: [digital(1235)], currency: "jpy", address: { country: "JP" }, tax: { rates, inclusive: false } });
    expect(half).toMatchObject({ tax: 124, total: 1359 });
    const inclusive = computeTotals({ lines: [physical(1100)], currency: "jpy", address: { country: "JP" }, rate: rate(0, "jpy"), tax: { rates, inclusive: true } });
    expect(inclusive).toMatchObject({ tax: 100, total: 1100 });
  });

  it("the same cart, inclusive vs exclusive", () => {
    const input = { lines: [physical(1000)], currency: "gbp", address: { country: "GB" }, rate: rate(200, "gbp") };
    expect(computeTotals({ ...input, tax: { rates, inclusive: false } })).toMatchObject({ subtotal: 1000, shipping: 200, tax: 240, total: 1440 });
    expect(computeTotals({ ...input, tax: { rates, inclusive: true } })).toMatchObject({ subtotal: 1000, shipping: 200, tax: 200, total: 1200 });
  });

  it("free shipping from the threshold up: one below pays, at and above are free", () => {
    const standard = rate(500, "usd", 10000);
    const at = (subtotal: number) => computeTotals({ lines: [physical(subtotal)], currency: "usd", address: { country: "US", state: "TX" }, rate: standard, tax: { rates, inclusive: false } });
    expect(at(9999)).toMatchObject({ shipping: 500, total: 10499 });
    expect(at(10000)).toMatchObject({ shipping: 0, total: 10000 });
    expect(at(10001)).toMatchObject({ shipping: 0, total: 10001 });
    expect(shippingCost({ amount: 500, freeOver: null }, 1_000_000)).toBe(500);
  });

  it("digital-only carts pay no shipping; tax only where an address is known", () => {
    const noAddress = computeTotals({ lines: [digital(2000)], currency: "usd", rate: rate(1500, "usd"), tax: { rates, inclusive: false } });
    expect(noAddress).toMatchObject({ subtotal: 2000, shipping: 0, tax: 0, total: 2000, needsShipping: false });
    const ny = computeTotals({ lines: [digital(2000)], currency: "usd", address: { country: "US", state: "NY" }, tax: { rates, inclusive: false } });
    expect(ny).toMatchObject({ shipping: 0, tax: 80, total: 2080 });
  });

  it("a region's rate wins over its country's; unknown regions fall back, unknown countries pay none", () => {
    expect(taxRateFor(rates, { country: "US", state: "ny" })).toBe(400);
    expect(taxRateFor(rates, { country: "US", state: "TX" })).toBe(0);
    expect(taxRateFor(rates, { country: "DE", state: "BE" })).toBe(1900);
    expect(taxRateFor(rates, { country: "BR" })).toBe(0);
    expect(taxRateFor(rates, null)).toBe(0);
  });

  it("refuses a rate in another currency", () => {
    expect(() => computeTotals({ lines: [physical(100)], currency: "usd", address: { country: "US" }, rate: rate(100, "eur"), tax: { rates, inclusive: false } })).toThrow(RangeError);
  });
});

describe("shippingAddressSchema", () => {
  const us = { name: "Jenny Rosen", line1: "354 Oyster Point Blvd", city: "South San Francisco", state: "CA", postal_code: "94080", country: "us" };
  const fieldsOf = (input: unknown) => {
    const r = shippingAddressSchema.safeParse(input);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("normalises a valid address", () => {
    expect(shippingAddressSchema.parse(us)).toEqual({ ...us, country: "US", line2: null });
    expect(shippingAddressSchema.parse({ name: "A", line1: "1 Rd", city: "London", postal_code: "sw1a 1aa", country: "GB" }).postal_code).toBe("SW1A 1AA");
    expect(shippingAddressSchema.parse({ name: "A", line1: "1 Rd", city: "Hong Kong", country: "HK" }).postal_code).toBeNull();
  });

  it("names each bad field: postal code per country, state where needed, lengths, control characters, country", () => {
    expect(fieldsOf({ ...us, postal_code: undefined })).toEqual({ postal_code: "is required" });
    expect(fieldsOf({ ...us, postal_code: "9408" })["postal_code"]).toMatch(/not a valid United States postal code/);
    expect(fieldsOf({ ...us, country: "DE", state: undefined, postal_code: "1011" })["postal_code"]).toMatch(/Germany/);
    expect(fieldsOf({ ...us, state: undefined })).toEqual({ state: "is required" });
    expect(fieldsOf({ ...us, name: "x".repeat(101) })["name"]).toMatch(/at most 100/);
    expect(fieldsOf({ ...us, line1: "1\u0000 Main" })["line1"]).toMatch(/control characters/);
    expect(fieldsOf({ ...us, country: "ZZ" })["country"]).toMatch(/not a country we ship to/);
    expect(fieldsOf({ ...us, country: "USA" })["country"]).toMatch(/two-letter/);
    expect(fieldsOf({ ...us, city: "" })["city"]).toBe("is required");
    expect(fieldsOf({ ...us, extra: 1 })).toHaveProperty("");
  });
});
