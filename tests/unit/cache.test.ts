import { describe, expect, it } from "vitest";
import { cached, invalidateTag, MAX_CACHE_ENTRIES } from "@/lib/cache";

describe("the read cache", () => {
  it("serves a hit without loading again, and reloads after its tag is invalidated", async () => {
    let loads = 0;
    const load = async () => ++loads;
    expect(await cached("t:a", ["t"], 60_000, load)).toBe(1);
    expect(await cached("t:a", ["t"], 60_000, load)).toBe(1);
    invalidateTag("t");
    expect(await cached("t:a", ["t"], 60_000, load)).toBe(2);
  });

  it("keeps a bounded number of entries: one key per distinct slug is not kept forever", async () => {
    let firstLoads = 0;
    await cached("slug:first", ["catalog"], 60_000, async () => ++firstLoads);
    // A crawler asking for many distinct slugs, all within the TTL.
    for (let i = 0; i < MAX_CACHE_ENTRIES * 3; i++) await cached(`slug:${i}`, ["catalog"], 60_000, async () => null);
    // The first entry was evicted (least recently used), so it is loaded again.
    await cached("slug:first", ["catalog"], 60_000, async () => ++firstLoads);
    expect(firstLoads).toBe(2);
  });

  it("does not keep a failed load", async () => {
    await expect(cached("f:1", [], 60_000, async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await cached("f:1", [], 60_000, async () => "ok")).toBe("ok");
  });
});
