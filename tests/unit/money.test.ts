import { describe, expect, it } from "vitest";
import { formatMoney, isZeroDecimal, minorUnitDigits, sumLines, toMinorUnits } from "@/lib/money";

describe("money", () => {
  it("knows zero- and three-decimal currencies", () => {
    expect(minorUnitDigits("usd")).toBe(2);
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(isZeroDecimal("krw")).toBe(true);
    expect(minorUnitDigits("kwd")).toBe(3);
  });

  it("formats minor units for people", () => {
    expect(formatMoney(1999, "usd")).toBe("$19.99");
    expect(formatMoney(0, "usd")).toBe("$0.00");
    expect(formatMoney(1500, "jpy")).toBe("¥1,500");
    expect(formatMoney(123456, "eur", "en-US")).toBe("€1,234.56");
    expect(formatMoney(1234, "kwd").replace(/\u00a0/g, " ")).toBe("KWD 1.234");
  });

  it("parses decimals without floating-point rounding", () => {
    expect(toMinorUnits("19.99", "usd")).toBe(1999);
    expect(toMinorUnits("0.1", "usd")).toBe(10);
    expect(toMinorUnits("1.005", "kwd")).toBe(1005);
    expect(toMinorUnits("1500", "jpy")).toBe(1500);
    expect(() => toMinorUnits("15.5", "jpy")).toThrow(/at most 0 decimal/);
    expect(() => toMinorUnits("-1", "usd")).toThrow(RangeError);
    expect(() => toMinorUnits("abc", "usd")).toThrow(RangeError);
  });

  it("sums lines in integers and refuses fractions", () => {
    expect(sumLines([{ unitAmount: 1999, quantity: 3 }, { unitAmount: 1, quantity: 1 }])).toBe(5998);
    expect(sumLines([])).toBe(0);
    expect(() => sumLines([{ unitAmount: 19.99, quantity: 1 }])).toThrow(RangeError);
    expect(() => sumLines([{ unitAmount: 100, quantity: 1.5 }])).toThrow(RangeError);
  });
});
