import { describe, expect, it } from "vitest";
import { MAX_PASSWORD_CHECKS_IN_FLIGHT, MAX_PASSWORD_CHECKS_PER_CLIENT, tryPasswordCheckSlot } from "@/lib/auth/password-slots";

describe("password checks in flight (M2: argon2 is the expensive part of a sign-in)", () => {
  it(`lets ${MAX_PASSWORD_CHECKS_PER_CLIENT} run at once per client and refuses the next at once`, () => {
    const held = Array.from({ length: MAX_PASSWORD_CHECKS_PER_CLIENT }, () => tryPasswordCheckSlot("198.51.100.1"));
    expect(held.every((release) => typeof release === "function")).toBe(true);
    expect(tryPasswordCheckSlot("198.51.100.1")).toBeNull();
    // Another client is not affected.
    const other = tryPasswordCheckSlot("198.51.100.2");
    expect(other).toBeTypeOf("function");
    other!();
    held[0]!();
    const again = tryPasswordCheckSlot("198.51.100.1");
    expect(again).toBeTypeOf("function");
    again!();
    held.slice(1).forEach((release) => release!());
  });

  it(`caps all clients together at ${MAX_PASSWORD_CHECKS_IN_FLIGHT}`, () => {
    const held = Array.from({ length: MAX_PASSWORD_CHECKS_IN_FLIGHT }, (_, i) => tryPasswordCheckSlot(`203.0.113.${i}`));
    expect(held.every((release) => typeof release === "function")).toBe(true);
    expect(tryPasswordCheckSlot("203.0.113.250")).toBeNull();
    held.forEach((release) => release!());
    const next = tryPasswordCheckSlot("203.0.113.250");
    expect(next).toBeTypeOf("function");
    next!();
  });

  it("a release given twice frees one slot only", () => {
    const releases = Array.from({ length: MAX_PASSWORD_CHECKS_PER_CLIENT }, () => tryPasswordCheckSlot("192.0.2.5")!);
    releases[0]();
    releases[0]();
    const one = tryPasswordCheckSlot("192.0.2.5");
    expect(one).toBeTypeOf("function");
    expect(tryPasswordCheckSlot("192.0.2.5")).toBeNull();
    one!();
    releases.slice(1).forEach((release) => release());
  });
});
