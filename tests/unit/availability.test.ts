import { describe, expect, it } from "vitest";
import { availability, productImages } from "@/lib/catalog";

describe("availability", () => {
  it("reads stock as a shopper sees it, and caps a line at the stock and the line maximum", () => {
    expect(availability(null, 99)).toEqual({ status: "in_stock", label: "In stock", max: 99 });
    expect(availability(0, 99)).toEqual({ status: "out_of_stock", label: "Out of stock", max: 0 });
    expect(availability(1, 99)).toEqual({ status: "low_stock", label: "Only 1 left", max: 1 });
    expect(availability(5, 99)).toEqual({ status: "low_stock", label: "Only 5 left", max: 5 });
    expect(availability(6, 99)).toEqual({ status: "in_stock", label: "In stock", max: 6 });
    expect(availability(500, 99)).toEqual({ status: "in_stock", label: "In stock", max: 99 });
  });

  it("the gallery starts with the main image, without repeating it", () => {
    expect(productImages({ image: "/a.svg", gallery: ["/a-2.svg", "/a.svg", "/a-3.svg"] })).toEqual(["/a.svg", "/a-2.svg", "/a-3.svg"]);
    expect(productImages({ image: "/a.svg", gallery: [] })).toEqual(["/a.svg"]);
  });
});
