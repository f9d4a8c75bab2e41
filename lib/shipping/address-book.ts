import { and, asc, desc, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { savedAddresses, users, type ShippingAddress } from "@/db/schema";
import type { DbExecutor } from "@/db/client";
import { DomainError, isDomainError } from "@/lib/errors";
import { shippingAddressSchema } from "./address";
import { db } from "@/lib/db";

/**
 * A member's address book (the only module that reads or writes `saved_addresses`): addresses a
 * member keeps for checkout, each checked by the checkout's own `shippingAddressSchema` before it
 * gets here. At most one is the default (a partial unique index says so too); the first saved
 * becomes it, and deleting the default promotes the newest left. Writes for one member are
 * serialised on the member's `users` row, so the cap and the one-default rule hold under races.
 */
export const MAX_SAVED_ADDRESSES = 10;

export type AddressBookEntry = { id: string; address: ShippingAddress; isDefault: boolean };

const addressIdSchema = z.uuid();

const NOT_FOUND = () => new DomainError("not_found", "No such address in your address book");

/** The member's addresses: the default first, then the newest. */
export async function listAddresses(userId: string, database: DbExecutor = db()): Promise<AddressBookEntry[]> {
  return database
    .select({ id: savedAddresses.id, address: savedAddresses.address, isDefault: savedAddresses.isDefault })
    .from(savedAddresses)
    .where(eq(savedAddresses.userId, userId))
    .orderBy(desc(savedAddresses.isDefault), desc(savedAddresses.createdAt), asc(savedAddresses.id));
}

/** The address that prefills the member's checkout, if they keep one. */
export async function defaultAddress(userId: string, database: DbExecutor = db()): Promise<ShippingAddress | null> {
  const [row] = await database
    .select({ address: savedAddresses.address })
    .from(savedAddresses)
    .where(and(eq(savedAddresses.userId, userId), eq(savedAddresses.isDefault, true)))
    .limit(1);
  return row?.address ?? null;
}

const sameAddress = (a: ShippingAddress, b: ShippingAddress) =>
  (["name", "line1", "line2", "city", "state", "postal_code", "country"] as const).every((k) => (a[k] ?? "").trim().toLowerCase() === (b[k] ?? "").trim().toLowerCase());

/**
 * Keep an address (already validated by `shippingAddressSchema`). An address the book already
 * holds is not kept twice (it is made the default if asked). A full book is refused.
 */
export async function saveAddress(userId: string, address: ShippingAddress, opts: { makeDefault?: boolean } = {}): Promise<AddressBookEntry> {
  return db().transaction(async (tx) => {
    await lockMember(tx, userId);
    const book = await listAddresses(userId, tx);
    const existing = book.find((e) => sameAddress(e.address, address));
    if (existing) {
      if (opts.makeDefault && !existing.isDefault) await makeDefault(tx, userId, existing.id);
      return { ...existing, isDefault: existing.isDefault || !!opts.makeDefault };
    }
    if (book.length >= MAX_SAVED_ADDRESSES) {
      throw new DomainError("invalid_request", `Your address book is full (${MAX_SAVED_ADDRESSES} addresses). Delete one first.`);
    }
    const isDefault = book.length === 0 || !!opts.makeDefault;
    if (isDefault) await tx.update(savedAddresses).set({ isDefault: false }).where(and(eq(savedAddresses.userId, userId), eq(savedAddresses.isDefault, true)));
    const [row] = await tx.insert(savedAddresses).values({ userId, address, isDefault }).returning();
    return { id: row.id, address: row.address, isDefault: row.isDefault };
  });
}

/** Make one of the member's addresses the default. */
export async function setDefaultAddress(userId: string, id: string): Promise<void> {
  if (!addressIdSchema.safeParse(id).success) throw NOT_FOUND();
  await db().transaction(async (tx) => {
    await lockMember(tx, userId);
    await makeDefault(tx, userId, id);
  });
}

/** Delete one of the member's addresses; when it was the default, the newest left becomes it. */
export async function deleteAddress(userId: string, id: string): Promise<void> {
  if (!addressIdSchema.safeParse(id).success) throw NOT_FOUND();
  await db().transaction(async (tx) => {
    await lockMember(tx, userId);
    const [gone] = await tx
      .delete(savedAddresses)
      .where(and(eq(savedAddresses.id, id), eq(savedAddresses.userId, userId)))
      .returning({ isDefault: savedAddresses.isDefault });
    if (!gone) throw NOT_FOUND();
    if (!gone.isDefault) return;
    const [next] = await tx
      .select({ id: savedAddresses.id })
      .from(savedAddresses)
      .where(eq(savedAddresses.userId, userId))
      .orderBy(desc(savedAddresses.createdAt), asc(savedAddresses.id))
      .limit(1);
    if (next) await tx.update(savedAddresses).set({ isDefault: true }).where(eq(savedAddresses.id, next.id));
  });
}

async function makeDefault(tx: DbExecutor, userId: string, id: string): Promise<void> {
  const [target] = await tx
    .select({ id: savedAddresses.id })
    .from(savedAddresses)
    .where(and(eq(savedAddresses.id, id), eq(savedAddresses.userId, userId)));
  if (!target) throw NOT_FOUND();
  await tx.update(savedAddresses).set({ isDefault: false }).where(and(eq(savedAddresses.userId, userId), ne(savedAddresses.id, id), eq(savedAddresses.isDefault, true)));
  await tx.update(savedAddresses).set({ isDefault: true }).where(eq(savedAddresses.id, id));
}

/** One writer at a time per member: the cap and the single default are checked under this lock. */
async function lockMember(tx: DbExecutor, userId: string): Promise<void> {
  const [member] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
  if (!member) throw new DomainError("unauthorized", "Please sign in first.");
}

/**
 * "Save this address to my address book" at checkout: the address the checkout just accepted is
 * kept (once). Never fails the checkout: a full book or an address the checkout would refuse is
 * simply not kept (the checkout has already said what was wrong with it).
 */
export async function rememberCheckoutAddress(userId: string, raw: unknown): Promise<boolean> {
  const parsed = shippingAddressSchema.safeParse(raw);
  if (!parsed.success) return false;
  try {
    await saveAddress(userId, parsed.data);
    return true;
  } catch (err) {
    if (isDomainError(err)) return false;
    throw err;
  }
}
