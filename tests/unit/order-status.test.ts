import { describe, expect, it } from "vitest";
import { ORDER_STATUSES } from "@/db/schema";
import { canTransition, isOpen, isSettled, shopperListing } from "@/lib/orders/status";

describe("order state guard", () => {
  it("moves forward only", () => {
    expect(canTransition("pending", "paid")).toBe(true);
    expect(canTransition("pending", "failed")).toBe(true);
    expect(canTransition("failed", "paid")).toBe(true); // retry with another card
    expect(canTransition("paid", "refunded")).toBe(true);
    expect(canTransition("paid", "partially_refunded")).toBe(true);
    expect(canTransition("partially_refunded", "refunded")).toBe(true);
    expect(canTransition("pending", "canceled")).toBe(true);
  });

  it("never moves a settled order backwards", () => {
    for (const to of ["pending", "failed", "canceled"] as const) expect(canTransition("paid", to)).toBe(false);
    for (const to of ["pending", "paid", "failed", "canceled"] as const) expect(canTransition("partially_refunded", to)).toBe(false);
    for (const to of ORDER_STATUSES.filter((s) => s !== "refunded")) expect(canTransition("refunded", to)).toBe(false);
    for (const to of ORDER_STATUSES.filter((s) => s !== "canceled" && s !== "paid")) expect(canTransition("canceled", to)).toBe(false);
  });

  it("lets a payment that succeeded revive a canceled order: money is never ignored", () => {
    expect(canTransition("canceled", "paid")).toBe(true);
  });

  it("reaches paid from every unsettled status, refunded only from paid, pending from nowhere", () => {
    const from = (to: (typeof ORDER_STATUSES)[number]) => ORDER_STATUSES.filter((s) => s !== to && canTransition(s, to));
    expect(from("paid").sort()).toEqual(["canceled", "failed", "pending"]);
    expect(from("refunded")).toEqual(["paid", "partially_refunded"]);
    expect(from("partially_refunded")).toEqual(["paid"]);
    expect(from("pending")).toEqual([]);
  });

  it("names the open and settled sets", () => {
    expect(ORDER_STATUSES.filter(isOpen)).toEqual(["pending", "failed"]);
    expect(ORDER_STATUSES.filter(isSettled)).toEqual(["paid", "partially_refunded", "refunded"]);
  });
});

describe("what 'Your orders' shows", () => {
  it("lists money that arrived as orders, payable attempts apart, and hides ones closed unpaid", () => {
    const by = Object.fromEntries(ORDER_STATUSES.map((s) => [s, shopperListing(s)]));
    expect(by).toEqual({
      pending: "unfinished",
      failed: "unfinished",
      paid: "placed",
      partially_refunded: "placed",
      refunded: "placed",
      canceled: "hidden",
    });
  });
});

