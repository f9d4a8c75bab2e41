import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { savedAddresses } from "@/db/schema";
import { createUser } from "@/lib/auth/users";
import { DomainError } from "@/lib/errors";
import { shippingAddressSchema } from "@/lib/shipping";
import {
  defaultAddress,
  deleteAddress,
  listAddresses,
  MAX_SAVED_ADDRESSES,
  rememberCheckoutAddress,
  saveAddress,
  setDefaultAddress,
} from "@/lib/shipping/address-book";
import { createTestDatabase, type TestDatabase } from "@/support/test-db";

let testDb: TestDatabase;
let ann: string;
let bob: string;
beforeAll(async () => {
  testDb = await createTestDatabase();
  ann = (await createUser({ email: "ann-addresses@example.com", password: "ann-password" })).id;
  bob = (await createUser({ email: "bob-addresses@example.com", password: "bob-password" })).id;
});
afterAll(() => testDb.drop());

const address = (line1: string, extra: Record<string, string> = {}) =>
  shippingAddressSchema.parse({ name: "Ann Lee", line1, city: "Portland", state: "OR", postal_code: "97201", country: "US", ...extra });

async function refusedWith(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe(`address book (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("makes the first address the default, lists the default first, and keeps an address once", async () => {
    const first = await saveAddress(ann, address("1 First St"));
    expect(first.isDefault).toBe(true);
    const second = await saveAddress(ann, address("2 Second St"));
    expect(second.isDefault).toBe(false);
    // The same address again (other case and spacing) is the entry already kept.
    const again = await saveAddress(ann, address("  1 first st "));
    expect(again.id).toBe(first.id);
    expect((await listAddresses(ann)).map((e) => [e.address.line1, e.isDefault])).toEqual([
      ["1 First St", true],
      ["2 Second St", false],
    ]);
    expect(await defaultAddress(ann)).toMatchObject({ line1: "1 First St", postal_code: "97201" });
  });

  it("moves the default, and promotes the newest left when the default is deleted", async () => {
    const [, second] = await listAddresses(ann);
    await setDefaultAddress(ann, second.id);
    expect((await defaultAddress(ann))?.line1).toBe("2 Second St");
    await deleteAddress(ann, second.id);
    expect((await listAddresses(ann)).map((e) => [e.address.line1, e.isDefault])).toEqual([["1 First St", true]]);
  });

  it("never lets one member read, change or delete another's address", async () => {
    const [anns] = await listAddresses(ann);
    expect((await refusedWith(setDefaultAddress(bob, anns.id))).code).toBe("not_found");
    expect((await refusedWith(deleteAddress(bob, anns.id))).code).toBe("not_found");
    expect((await refusedWith(deleteAddress(bob, "not-a-uuid"))).code).toBe("not_found");
    expect(await listAddresses(bob)).toEqual([]);
    expect(await defaultAddress(bob)).toBeNull();
    expect(await listAddresses(ann)).toHaveLength(1);
  });

  it(`refuses an address past ${MAX_SAVED_ADDRESSES}, also when saves race, and keeps one default`, async () => {
    const racers = Array.from({ length: MAX_SAVED_ADDRESSES + 3 }, (_, i) => saveAddress(bob, address(`${i + 10} Race Ave`), { makeDefault: true }).then(
      () => "saved",
      (e: unknown) => (e instanceof DomainError ? e.code : "crashed"),
    ));
    const outcomes = await Promise.all(racers);
    expect(outcomes.filter((o) => o === "saved")).toHaveLength(MAX_SAVED_ADDRESSES);
    expect(outcomes.filter((o) => o === "invalid_request")).toHaveLength(3);
    const rows = await testDb.handle.db.select().from(savedAddresses).where(eq(savedAddresses.userId, bob));
    expect(rows).toHaveLength(MAX_SAVED_ADDRESSES);
    expect(rows.filter((r) => r.isDefault)).toHaveLength(1);
  });

  it("keeps a checkout's address only when the checkout's schema accepts it, and never fails on a full book", async () => {
    expect(await rememberCheckoutAddress(ann, { name: "Ann Lee", line1: "3 Third St", city: "Portland", state: "OR", postal_code: "97201", country: "US" })).toBe(true);
    expect(await rememberCheckoutAddress(ann, { name: "Ann Lee", line1: "4 Fourth St", city: "Portland", state: "OR", postal_code: "not-a-zip", country: "US" })).toBe(false);
    expect(await rememberCheckoutAddress(ann, null)).toBe(false);
    expect(await rememberCheckoutAddress(bob, { name: "Bob", line1: "99 Full St", city: "Portland", state: "OR", postal_code: "97201", country: "US" })).toBe(false);
    expect((await listAddresses(ann)).map((e) => e.address.line1)).toEqual(["1 First St", "3 Third St"]);
  });
});
