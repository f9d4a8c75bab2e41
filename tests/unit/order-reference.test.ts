import { describe, expect, it } from "vitest";
import { orderNumberFromReference, orderReference } from "@/lib/orders/reference";

describe("order references", () => {
  it("are CL- and seven unambiguous characters, one per order number, and turn back into it", () => {
    const seen = new Set<string>();
    for (let n = 0; n < 20_000; n++) {
      const ref = orderReference(n, "test-key");
      expect(ref).toMatch(/^CL-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{7}$/);
      expect(orderNumberFromReference(ref, "test-key")).toBe(n);
      seen.add(ref);
    }
    expect(seen.size).toBe(20_000);
    const largest = 2 ** 34 - 1;
    expect(orderNumberFromReference(orderReference(largest, "test-key"), "test-key")).toBe(largest);
  });

  it("do not count orders: consecutive numbers get unrelated references", () => {
    const refs = [1000, 1001, 1002, 1003].map((n) => orderReference(n, "test-key"));
    const shared = (a: string, b: string) => [...a.slice(3)].filter((c, i) => b[3 + i] === c).length;
    for (let i = 1; i < refs.length; i++) expect(shared(refs[i - 1], refs[i])).toBeLessThan(4);
    // Another key, other references.
    expect(orderReference(1000, "other-key")).not.toBe(refs[0]);
  });

  it("read what a person types, and refuse anything else", () => {
    const ref = orderReference(42, "test-key");
    expect(orderNumberFromReference(` ${ref.toLowerCase()} `, "test-key")).toBe(42);
    expect(orderNumberFromReference(ref.slice(3), "test-key")).toBe(42);
    expect(orderNumberFromReference("CL-0000000", "test-key")).toBeNull(); // 0 is not in the alphabet
    expect(orderNumberFromReference("CL-ZZZZZZZ", "test-key")).toBeNull(); // past 2^34
    expect(orderNumberFromReference("CL-ABC", "test-key")).toBeNull();
    expect(orderNumberFromReference("", "test-key")).toBeNull();
    expect(() => orderReference(-1, "test-key")).toThrow(RangeError);
    expect(() => orderReference(2 ** 34, "test-key")).toThrow(RangeError);
  });
});
