import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { seedGallery, seedProducts } from "@/db/seed-data";

describe("seeded product views", () => {
  it("every seeded product has its main drawing and the gallery views scripts/product-views.ts draws", () => {
    for (const p of seedProducts) {
      const views = [`/products/${p.slug}.svg`, ...seedGallery(p.slug)];
      expect(views.length).toBeGreaterThanOrEqual(2);
      for (const view of views) {
        const file = path.join("public", view);
        expect(existsSync(file), file).toBe(true);
        expect(readFileSync(file, "utf8")).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 400 400"/);
      }
    }
  });

  it("stock is seeded as a count, with one product sold out and one running low", () => {
    expect(seedProducts.every((p) => Number.isInteger(p.stock) && p.stock >= 0)).toBe(true);
    expect(seedProducts.filter((p) => p.stock === 0).map((p) => p.slug)).toEqual(["wool-felt-laptop-sleeve"]);
    expect(seedProducts.some((p) => p.stock > 0 && p.stock <= 5)).toBe(true);
  });
});
