import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalog } from "@/db/seed";
import { DomainError } from "@/lib/errors";
import { statusOf } from "@/lib/http/errors";
import {
  addToCart,
  clearCartIfVersion,
  createCart,
  findCartView,
  getCartView,
  getOrCreateUserCart,
  mergeCarts,
  replaceCart,
  setCartQuantity,
  toCartDto,
} from "@/lib/cart";
import { createProduct, updateProduct } from "@/lib/catalog";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";
import { productIds } from "../support/integration";

let testDb: TestDatabase;
let mug: string;
let lamp: string;
let beans: string; // seeded with 4 in stock
let sleeve: string; // seeded sold out

beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedCatalog(testDb.handle.db, { currency: "usd" });
  [mug, lamp, beans, sleeve] = await productIds("stoneware-mug", "brass-desk-lamp", "single-origin-coffee-beans", "wool-felt-laptop-sleeve");
});
afterAll(() => testDb.drop());

async function rejection(p: Promise<unknown>): Promise<DomainError | Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}

describe(`cart (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("prices lines from the catalog and totals in minor units", async () => {
    const cart = await createCart();
    await addToCart(cart.id, mug, 2);
    await addToCart(cart.id, lamp, 1);
    const view = await getCartView(cart.id);
    expect(view.lines.map((l) => [l.slug, l.quantity, l.lineTotal])).toEqual([
      ["stoneware-mug", 2, 4400],
      ["brass-desk-lamp", 1, 12900],
    ]);
    expect(view.subtotal).toBe(17300);
    expect(view.itemCount).toBe(3);
    expect(view.currency).toBe("usd");
  });

  it("reads a cart and its lines in one view: an empty cart, a line of an archived product left out, no such cart null", async () => {
    const cart = await createCart();
    expect(await findCartView(cart.id)).toMatchObject({ id: cart.id, version: cart.version, lines: [], itemCount: 0, subtotal: 0, currency: "usd" });
    const [tray] = await productIds("stoneware-mug");
    const made = await createProduct({ name: "Archived Tray", description: "Soon gone.", unit_amount: 1500 });
    await addToCart(cart.id, tray, 1);
    await addToCart(cart.id, made.id, 2);
    expect((await findCartView(cart.id))!.lines.map((l) => [l.name, l.quantity])).toEqual([["Stoneware Mug", 1], ["Archived Tray", 2]]);
    await updateProduct(made.id, { active: false });
    const view = (await findCartView(cart.id))!;
    expect(view.lines.map((l) => l.slug)).toEqual(["stoneware-mug"]);
    expect([view.itemCount, view.subtotal]).toEqual([1, 2200]);
    expect(await findCartView("00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await findCartView("not-a-cart")).toBeNull();
    expect((await rejection(getCartView("00000000-0000-4000-8000-000000000000"))).message).toBe("Cart not found");
  });

  it("changes its version only when the contents really change", async () => {
    const cart = await createCart();
    const v0 = (await getCartView(cart.id)).version;
    await setCartQuantity(cart.id, mug, 2);
    const v1 = (await getCartView(cart.id)).version;
    expect(v1).not.toBe(v0);
    await setCartQuantity(cart.id, mug, 2); // same again: no change
    expect((await getCartView(cart.id)).version).toBe(v1);
    await replaceCart(cart.id, { [mug]: 2 }); // same contents written whole
    expect((await getCartView(cart.id)).version).toBe(v1);
    await replaceCart(cart.id, { [mug]: 3 });
    const v2 = (await getCartView(cart.id)).version;
    expect(v2).not.toBe(v1);
    await setCartQuantity(cart.id, mug, 0);
    expect((await getCartView(cart.id)).lines).toHaveLength(0);
    expect((await getCartView(cart.id)).version).not.toBe(v2);
  });

  it("refuses bad quantities and unknown products, naming the field, and writes nothing", async () => {
    const cart = await createCart();
    await addToCart(cart.id, mug, 1);
    const before = await getCartView(cart.id);
    for (const bad of [-1, 1.5, 1e9, 100]) {
      const err = await rejection(setCartQuantity(cart.id, mug, bad));
      expect(err.name).toBe("ZodError");
    }
    const unknown = (await rejection(addToCart(cart.id, "00000000-0000-4000-8000-000000000000", 1))) as DomainError;
    expect(unknown).toBeInstanceOf(DomainError);
    expect(statusOf(unknown as DomainError)).toBe(400);
    expect(unknown.fields).toEqual({ product_id: ["is not a product in the catalog"] });
    const replaced = (await rejection(replaceCart(cart.id, { [mug]: 1, "00000000-0000-4000-8000-000000000001": 2 }))) as DomainError;
    expect(Object.keys(replaced.fields ?? {})).toEqual(["items.00000000-0000-4000-8000-000000000001"]);
    expect(await getCartView(cart.id)).toEqual(before);
  });

  it("caps a line at the maximum when adding", async () => {
    const cart = await createCart();
    await addToCart(cart.id, mug, 60);
    await addToCart(cart.id, mug, 60);
    expect((await getCartView(cart.id)).lines[0].quantity).toBe(99);
  });

  it("keeps concurrent changes to one cart consistent", async () => {
    const cart = await createCart();
    await Promise.all(Array.from({ length: 8 }, () => addToCart(cart.id, mug, 1)));
    expect((await getCartView(cart.id)).lines[0].quantity).toBe(8);
  });

  it("empties only the version that was paid for", async () => {
    const cart = await createCart();
    await addToCart(cart.id, mug, 1);
    const paidVersion = (await getCartView(cart.id)).version;
    await addToCart(cart.id, lamp, 1); // added in another tab after paying
    expect(await clearCartIfVersion(cart.id, paidVersion)).toBe(false);
    expect((await getCartView(cart.id)).itemCount).toBe(2);
    const current = (await getCartView(cart.id)).version;
    expect(await clearCartIfVersion(cart.id, current)).toBe(true);
    expect((await getCartView(cart.id)).itemCount).toBe(0);
  });

  it("merges a guest cart into the user's cart", async () => {
    const { users } = await import("@/db/schema");
    const [user] = await testDb.handle.db.insert(users).values({ email: `merge-${Date.now()}@example.com` }).returning();
    const userCart = await getOrCreateUserCart(user.id);
    await addToCart(userCart.id, mug, 1);
    const guest = await createCart();
    await addToCart(guest.id, mug, 2);
    await addToCart(guest.id, lamp, 1);
    await mergeCarts(guest.id, userCart.id);
    const merged = await getCartView(userCart.id);
    expect(Object.fromEntries(merged.lines.map((l) => [l.slug, l.quantity]))).toEqual({ "stoneware-mug": 3, "brass-desk-lamp": 1 });
    expect((await getOrCreateUserCart(user.id)).id).toBe(userCart.id);
    await expect(getCartView(guest.id)).rejects.toThrow(/Cart not found/);
  });

  it("gives each line the product's image, in the view and the API's DTO", async () => {
    const cart = await createCart();
    await addToCart(cart.id, lamp, 1);
    const view = await getCartView(cart.id);
    expect(view.lines[0].image).toBe("/products/brass-desk-lamp.svg");
    expect(toCartDto(view).items).toEqual([
      { product_id: lamp, slug: "brass-desk-lamp", name: "Brass Desk Lamp", image: "/products/brass-desk-lamp.svg", unit_amount: 12900, quantity: 1, amount: 12900 },
    ]);
  });

  it("refuses more than the stock (409 naming quantity), writes nothing, and lets a line step down", async () => {
    const cart = await createCart();
    await addToCart(cart.id, beans, 3);
    const before = await getCartView(cart.id);

    const over = (await rejection(addToCart(cart.id, beans, 2))) as DomainError; // 3 + 2 > 4
    expect(over).toBeInstanceOf(DomainError);
    expect(over.code).toBe("out_of_stock");
    expect(statusOf(over)).toBe(409);
    expect(over.message).toBe("Sorry, only 4 of Single-Origin Coffee Beans, 340 g left.");
    expect(over.fields).toEqual({ quantity: ["is more than we have: only 4 left"] });
    const set = (await rejection(setCartQuantity(cart.id, beans, 5))) as DomainError;
    expect(set.fields).toEqual({ quantity: ["is more than we have: only 4 left"] });
    expect(await getCartView(cart.id)).toEqual(before);

    const soldOut = (await rejection(addToCart(cart.id, sleeve, 1))) as DomainError;
    expect(soldOut.code).toBe("out_of_stock");
    expect(soldOut.message).toBe("Sorry, Wool Felt Laptop Sleeve is out of stock.");
    expect(soldOut.fields).toEqual({ quantity: ["is more than we have: this product is out of stock"] });
    // Seed 003 and API orders replace the cart whole: the field is the line's.
    const replaced = (await rejection(replaceCart(cart.id, { [mug]: 1, [sleeve]: 1 }))) as DomainError;
    expect(Object.keys(replaced.fields ?? {})).toEqual([`items.${sleeve}`]);
    expect(await getCartView(cart.id)).toEqual(before);

    await addToCart(cart.id, beans, 1); // exactly the stock
    expect((await getCartView(cart.id)).lines[0].quantity).toBe(4);
    // The stock falls under what the cart holds: lowering the line is still allowed, raising it is not.
    const { products } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    await testDb.handle.db.update(products).set({ stock: 2 }).where(eq(products.id, beans));
    await setCartQuantity(cart.id, beans, 3);
    expect((await getCartView(cart.id)).lines[0].quantity).toBe(3);
    expect(((await rejection(setCartQuantity(cart.id, beans, 4))) as DomainError).code).toBe("out_of_stock");
    await setCartQuantity(cart.id, beans, 0);
    // Untracked stock (null) is never refused.
    await testDb.handle.db.update(products).set({ stock: null }).where(eq(products.id, sleeve));
    await addToCart(cart.id, sleeve, 99);
    expect((await getCartView(cart.id)).lines.map((l) => [l.slug, l.quantity])).toEqual([["wool-felt-laptop-sleeve", 99]]);
    await testDb.handle.db.update(products).set({ stock: 0 }).where(eq(products.id, sleeve));
    await testDb.handle.db.update(products).set({ stock: 4 }).where(eq(products.id, beans));
  });
});
