import { describe, expect, it } from "vitest";
import { formatMoney, sumLines } from "@/lib/money";
import { checkoutIdempotencyKey } from "@/lib/checkout";

describe("order totals", () => {
  const lines = [
    { unitAmount: 1999, quantity: 2 },
    { unitAmount: 500, quantity: 3 },
  ];

  it("are integer minor units whatever the currency", () => {
    expect(sumLines(lines)).toBe(5498);
    expect(formatMoney(sumLines(lines), "usd")).toBe("$54.98");
    expect(formatMoney(sumLines(lines), "eur")).toBe("€54.98");
    // zero-decimal: 5498 yen is ¥5,498, not ¥54.98
    expect(formatMoney(sumLines(lines), "jpy")).toBe("¥5,498");
    expect(formatMoney(sumLines([{ unitAmount: 1500, quantity: 2 }]), "krw")).toBe("₩3,000");
  });

  it("refuse amounts that are not safe integers", () => {
    expect(() => sumLines([{ unitAmount: Number.MAX_SAFE_INTEGER, quantity: 2 }])).toThrow(RangeError);
  });

  it("tie one PaymentIntent idempotency key to a cart version", () => {
    expect(checkoutIdempotencyKey("c1", "v1")).toBe(checkoutIdempotencyKey("c1", "v1"));
    expect(checkoutIdempotencyKey("c1", "v1")).not.toBe(checkoutIdempotencyKey("c1", "v2"));
    expect(checkoutIdempotencyKey("c1", "v1")).not.toBe(checkoutIdempotencyKey("c2", "v1"));
  });
});
