import { describe, expect, it } from "vitest";
import { toMajorUnits } from "@/lib/money";
import { contactAddress, productJsonLd, serializeJsonLd } from "@/lib/seo";

const lamp = { slug: "brass-desk-lamp", name: "Brass Desk Lamp", description: "A solid brass lamp.", image: "/products/brass-desk-lamp.svg", unitAmount: 12900, currency: "usd" };

describe("productJsonLd", () => {
  it("gives a usd price in major units with two decimals, the currency in capitals, absolute URLs", () => {
    const ld = productJsonLd(lamp, "https://shop.example/");
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Product",
      name: "Brass Desk Lamp",
      sku: "brass-desk-lamp",
      image: "https://shop.example/products/brass-desk-lamp.svg",
      url: "https://shop.example/products/brass-desk-lamp",
      offers: { "@type": "Offer", price: "129.00", priceCurrency: "USD", availability: "https://schema.org/InStock", url: "https://shop.example/products/brass-desk-lamp" },
    });
  });

  it("gives a zero-decimal jpy price as whole yen", () => {
    expect(productJsonLd({ ...lamp, unitAmount: 1500, currency: "jpy" }, "http://localhost:3000").offers).toMatchObject({ price: "1500", priceCurrency: "JPY" });
  });

  it("says OutOfStock at a stock of 0, InStock otherwise (untracked stock included)", () => {
    const availability = (stock: number | null) => productJsonLd({ ...lamp, stock }, "https://shop.example").offers.availability;
    expect([availability(0), availability(1), availability(null)]).toEqual(["https://schema.org/OutOfStock", "https://schema.org/InStock", "https://schema.org/InStock"]);
  });
});

describe("toMajorUnits", () => {
  it("is exact for small, two- and three-decimal amounts", () => {
    expect(toMajorUnits(5, "usd")).toBe("0.05");
    expect(toMajorUnits(0, "eur")).toBe("0.00");
    expect(toMajorUnits(1234, "kwd")).toBe("1.234");
    expect(toMajorUnits(99_999_999, "usd")).toBe("999999.99");
    expect(() => toMajorUnits(1.5, "usd")).toThrow(RangeError);
  });
});

describe("serializeJsonLd", () => {
  it("cannot close the script element, and parses back to the same data", () => {
    const data = { name: "</script><script>alert(1)</script> & \u2028" };
    const json = serializeJsonLd(data);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(data);
  });
});

describe("contactAddress", () => {
  it("reads the address out of a sender", () => {
    expect(contactAddress("Cashline <shop@cashline.local>")).toBe("shop@cashline.local");
    expect(contactAddress("help@example.com")).toBe("help@example.com");
  });
});
