/** The demo catalog created at first boot and by `npm run db:seed`. Amounts are minor units. */
export type SeedProduct = {
  slug: string;
  name: string;
  description: string;
  unitAmount: number;
  category: SeedCategorySlug;
  /** Units on hand at seeding (the shop shows "Only N left" at 5 or fewer, and one is sold out). */
  stock: number;
};

/** The gallery's extra views of a seeded product, after its main image (drawn by scripts/product-views.ts). */
export function seedGallery(slug: string): string[] {
  return [`/products/${slug}-2.svg`, `/products/${slug}-3.svg`];
}

/** The catalog's shelves, in the order the shop lists them. */
export const seedCategories = [
  { slug: "desk", name: "Desk", description: "Lamps, pens, paper and organisers for a desk you like sitting at." },
  { slug: "kitchen", name: "Kitchen", description: "Coffee, tea and the cups, kettles and brewers to make them." },
  { slug: "wear", name: "Wear", description: "Soft, warm things to wear, knitted from natural fibres." },
  { slug: "carry", name: "Carry", description: "Bags and sleeves that carry groceries, books and laptops." },
] as const;
export type SeedCategorySlug = (typeof seedCategories)[number]["slug"];

export const seedProducts: SeedProduct[] = [
  { slug: "ceramic-pour-over-dripper", category: "kitchen", name: "Ceramic Pour-Over Dripper", unitAmount: 3400, stock: 120,
    description: "A hand-glazed ceramic cone that brews one bright, clean cup. Fits most mugs and takes size 02 filters." },
  { slug: "single-origin-coffee-beans", category: "kitchen", name: "Single-Origin Coffee Beans, 340 g", unitAmount: 1800, stock: 4,
    description: "Washed Ethiopian Yirgacheffe, roasted light on Mondays. Notes of bergamot, peach and black tea." },
  { slug: "stoneware-mug", category: "kitchen", name: "Stoneware Mug", unitAmount: 2200, stock: 240,
    description: "A 350 ml mug thrown in speckled stoneware, with a thumb rest and a satin glaze that keeps coffee hot." },
  { slug: "walnut-desk-organizer", category: "desk", name: "Walnut Desk Organizer", unitAmount: 5900, stock: 150,
    description: "Solid American walnut with three compartments for pens, cards and a phone. Oiled, never lacquered." },
  { slug: "linen-notebook-a5", category: "desk", name: "Linen Notebook A5", unitAmount: 1600, stock: 300,
    description: "192 dot-grid pages of 100 g/m² paper that fountain pens love, lay-flat binding and a linen cover." },
  { slug: "brass-desk-lamp", category: "desk", name: "Brass Desk Lamp", unitAmount: 12900, stock: 110,
    description: "A solid brass lamp with a warm 2700 K LED, a weighted base and a dimmer on the cord." },
  { slug: "wool-felt-laptop-sleeve", category: "carry", name: "Wool Felt Laptop Sleeve", unitAmount: 4800, stock: 0,
    description: "5 mm merino felt with a leather strap. Cushions a 14-inch laptop and sheds rain." },
  { slug: "glass-cold-brew-bottle", category: "kitchen", name: "Glass Cold Brew Bottle", unitAmount: 2900, stock: 180,
    description: "One litre of borosilicate glass with a fine steel filter: add coffee, water and twelve hours." },
  { slug: "merino-beanie", category: "wear", name: "Merino Beanie", unitAmount: 3500, stock: 200,
    description: "A rib-knit beanie of soft extra-fine merino, warm without itch. One size, four colours." },
  { slug: "canvas-tote-bag", category: "carry", name: "Canvas Tote Bag", unitAmount: 2400, stock: 260,
    description: "Heavy 16 oz cotton canvas with an inside pocket and shoulder-length handles. Carries a week of groceries." },
  { slug: "fountain-pen", category: "desk", name: "Fountain Pen", unitAmount: 7500, stock: 140,
    description: "A resin fountain pen with a smooth steel medium nib, a converter and a cartridge of blue-black ink." },
  { slug: "cast-iron-kettle", category: "kitchen", name: "Cast Iron Kettle", unitAmount: 8900, stock: 130,
    description: "A 0.8 litre tetsubin with an enamelled interior and a removable steel infuser for loose tea." },
];

/**
 * Shipping methods per destination (minor units of the store currency). "*" is every other
 * country the store ships to (lib/shipping/countries.ts). Standard is free from `freeOver` up.
 */
export type SeedShippingRate = { id: string; country: string; name: string; amount: number; minDays: number; maxDays: number; freeOver?: number; sort: number };

const standard = (country: string, amount: number, minDays: number, maxDays: number, freeOver?: number): SeedShippingRate => ({
  id: "standard", country, name: "Standard", amount, minDays, maxDays, freeOver, sort: 1,
});
const express = (country: string, amount: number, minDays: number, maxDays: number): SeedShippingRate => ({
  id: "express", country, name: "Express", amount, minDays, maxDays, sort: 2,
});

export const seedShippingRates: SeedShippingRate[] = [
  standard("US", 500, 3, 5, 10000), express("US", 1500, 1, 2),
  standard("CA", 900, 5, 8, 15000), express("CA", 2500, 2, 3),
  standard("GB", 900, 4, 7, 15000), express("GB", 2500, 2, 3),
  standard("DE", 900, 4, 7, 15000), express("DE", 2500, 2, 3),
  standard("FR", 900, 4, 7, 15000), express("FR", 2500, 2, 3),
  standard("JP", 1200, 6, 10, 20000), express("JP", 3000, 2, 4),
  standard("*", 1500, 7, 14), express("*", 4000, 3, 5),
];

/** Sales tax / VAT (basis points): a country's rate (region "") and some regions'. */
export const seedTaxRates: { country: string; region: string; rateBps: number; name: string }[] = [
  { country: "US", region: "", rateBps: 0, name: "Sales tax" },
  { country: "US", region: "CA", rateBps: 725, name: "California sales tax" },
  { country: "US", region: "NY", rateBps: 400, name: "New York sales tax" },
  { country: "US", region: "WA", rateBps: 650, name: "Washington sales tax" },
  { country: "CA", region: "", rateBps: 500, name: "GST" },
  { country: "CA", region: "ON", rateBps: 1300, name: "HST" },
  { country: "GB", region: "", rateBps: 2000, name: "VAT" },
  { country: "DE", region: "", rateBps: 1900, name: "MwSt" },
  { country: "FR", region: "", rateBps: 2000, name: "TVA" },
  { country: "JP", region: "", rateBps: 1000, name: "Consumption tax" },
  { country: "NL", region: "", rateBps: 2100, name: "BTW" },
  { country: "ES", region: "", rateBps: 2100, name: "IVA" },
  { country: "IT", region: "", rateBps: 2200, name: "IVA" },
  { country: "IE", region: "", rateBps: 2300, name: "VAT" },
  { country: "AU", region: "", rateBps: 1000, name: "GST" },
];
