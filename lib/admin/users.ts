import { z } from "zod";
import type { User, UserRole } from "@/db/schema";
import { recordAdminAction } from "@/lib/audit";
import { sendSetPasswordLink } from "@/lib/auth/password-reset";
import { passwordSchema } from "@/lib/auth/passwords";
import { revokeUserTokens } from "@/lib/auth/tokens";
import type { SessionUser } from "@/lib/auth/types";
import { changeUserAccess, deleteUserIf, emailSchema, getUserById, insertUser, isActiveUser, listUsers, nameSchema, type AccessChange } from "@/lib/auth/users";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { orderTotalsForUsers, userHasOrders } from "@/lib/orders/stats";

/**
 * Users as operators manage them (the /admin/users pages and /api/v1/admin/users): the rules live
 * where their tables are (lib/auth/users.ts: the last-admin guard, deactivation; lib/orders: order
 * figures); this module puts them together and records each action in the audit log.
 */

export type AdminUserRow = User & { orderCount: number; lifetimeValue: number };

/** A page of users with their order count and lifetime value (two queries: the page, then one grouped aggregate). */
export async function listUsersWithTotals(filter: { q?: string; cursor?: string; limit?: number }): Promise<{ users: AdminUserRow[]; nextCursor: string | null; currency: string }> {
  const currency = env().STORE_CURRENCY;
  const page = await listUsers(filter);
  const totals = await orderTotalsForUsers(page.users.map((u) => u.id), currency);
  return {
    users: page.users.map((u) => ({ ...u, ...(totals.get(u.id) ?? { orderCount: 0, lifetimeValue: 0 }) })),
    nextCursor: page.nextCursor,
    currency,
  };
}

export async function getUserWithTotals(id: string): Promise<AdminUserRow | null> {
  const user = await getUserById(id);
  if (!user) return null;
  const totals = await orderTotalsForUsers([user.id], env().STORE_CURRENCY);
  return { ...user, ...(totals.get(user.id) ?? { orderCount: 0, lifetimeValue: 0 }) };
}

/** What an admin sends to add a user: a password, or `send_set_password_link` (never both, one of them). */
export const adminNewUserSchema = z
  .object({
    email: emailSchema,
    name: nameSchema.nullish().transform((n) => n ?? null),
    role: z.enum(["customer", "admin"], { error: "must be customer or admin" }).default("customer"),
    password: passwordSchema.optional(),
    send_set_password_link: z.boolean().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (!b.password && !b.send_set_password_link) ctx.addIssue({ code: "custom", path: ["password"], message: "Give a password, or send a set-password link." });
    if (b.password && b.send_set_password_link) ctx.addIssue({ code: "custom", path: ["password"], message: "Give a password or send a link, not both." });
  });
export type AdminNewUser = z.output<typeof adminNewUserSchema>;

/** Add a user; without a password they get a set-password link through the outbox. */
export async function addUser(input: AdminNewUser, actor: SessionUser | null): Promise<User> {
  const user = await insertUser({ email: input.email, name: input.name, role: input.role, password: input.password ?? null });
  if (!input.password) await sendSetPasswordLink(user);
  await recordAdminAction({ actor, target: `/admin/users/${user.id}`, action: "user.created", details: { email: user.email, role: user.role, set_password_link: !input.password } });
  return user;
}

export const accessChangeSchema = z
  .object({
    role: z.enum(["customer", "admin"], { error: "must be customer or admin" }).optional(),
    active: z.boolean({ error: "must be true or false" }).optional(),
  })
  .strict()
  .refine((b) => b.role !== undefined || b.active !== undefined, { error: "must change role or active", path: ["role"] });

/**
 * Change a user's role or active flag (each ends their sessions everywhere); deactivation also
 * revokes their refresh tokens, and their access tokens stop working at once (lib/auth/request.ts).
 */
export async function changeAccess(userId: string, change: AccessChange, actor: SessionUser | null): Promise<User> {
  const before = await getUserById(userId);
  const user = await changeUserAccess(userId, change);
  if (!isActiveUser(user)) await revokeUserTokens(user.id);
  const details: Record<string, unknown> = {};
  if (before && change.role !== undefined && before.role !== user.role) details.role = { from: before.role, to: user.role };
  if (before && change.active !== undefined && isActiveUser(before) !== isActiveUser(user)) details.active = { from: isActiveUser(before), to: isActiveUser(user) };
  if (Object.keys(details).length) {
    const action = details.active ? (isActiveUser(user) ? "user.reactivated" : "user.deactivated") : "user.role_changed";
    await recordAdminAction({ actor, target: `/admin/users/${user.id}`, action, details: { email: user.email, ...details } });
  }
  return user;
}

/** Delete a user who has no orders (a user with orders is deactivated instead). */
export async function deleteUserWithoutOrders(userId: string, actor: SessionUser | null): Promise<void> {
  const user = await deleteUserIf(userId, async (tx) => {
    if (await userHasOrders(userId, tx)) {
      throw new DomainError("user_has_orders", "This user has orders: deactivate the account instead of deleting it.");
    }
  });
  await recordAdminAction({ actor, target: `/admin/users/${user.id}`, action: "user.deleted", details: { email: user.email } });
}

/** The JSON shape of a user in the admin API. */
export function toAdminUserDto(u: User & Partial<Pick<AdminUserRow, "orderCount" | "lifetimeValue">>) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as UserRole,
    active: isActiveUser(u),
    created_at: u.createdAt.toISOString(),
    deactivated_at: u.deactivatedAt?.toISOString() ?? null,
    ...(u.orderCount !== undefined ? { order_count: u.orderCount, lifetime_value: u.lifetimeValue } : {}),
  };
}
