import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/admin/breadcrumbs";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { AdminHistory } from "@/components/admin/history";
import { historyOf } from "@/lib/admin/history";
import { getUserWithTotals } from "@/lib/admin/users";
import { env } from "@/lib/env";
import { formatMoney } from "@/lib/money";
import { listOrdersForUser, orderReference } from "@/lib/orders";
import { currentSubscription } from "@/lib/subscriptions";
import { changeRoleAction, deleteUserAction, setActiveAction } from "../actions";

export const metadata: Metadata = { title: "User" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A user: role, active, orders, subscription and the admin actions on the account. */
export default async function AdminUserPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await getUserWithTotals(id);
  if (!user) notFound();
  const [orders, subscription, history] = await Promise.all([listOrdersForUser(user.id), currentSubscription(user.id), historyOf(`/admin/users/${user.id}`)]);
  const currency = env().STORE_CURRENCY;
  const added = (await searchParams).added;
  return (
    <div className="space-y-8">
      <Breadcrumbs items={[{ label: "Users", href: "/admin/users" }, { label: user.email }]} />
      {added ? (
        <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm">
          User added{user.passwordHash ? "." : "; a set-password link is in the outbox."}
        </p>
      ) : null}
      <div>
        <h1 className="text-3xl font-semibold tracking-tight">{user.name ?? user.email}</h1>
        <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-stone-600">Email</dt>
          <dd data-testid="user-email">{user.email}</dd>
          <dt className="text-stone-600">Role</dt>
          <dd data-testid="user-role">{user.role}</dd>
          <dt className="text-stone-600">Status</dt>
          <dd data-testid="user-status">{user.deactivatedAt ? `deactivated ${user.deactivatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : "active"}</dd>
          <dt className="text-stone-600">Orders</dt>
          <dd>{user.orderCount}</dd>
          <dt className="text-stone-600">Lifetime value</dt>
          <dd>{formatMoney(user.lifetimeValue, currency)}</dd>
          <dt className="text-stone-600">Joined</dt>
          <dd>{user.createdAt.toISOString().slice(0, 10)}</dd>
        </dl>
      </div>

      <section aria-labelledby="access-heading" className="space-y-3">
        <h2 id="access-heading" className="text-xl font-semibold">
          Access
        </h2>
        <ActionForm action={changeRoleAction} hidden={{ id: user.id }} label="Save role" name="Change role">
          <label htmlFor="role" className="text-sm font-medium">
            Role
          </label>
          <select id="role" name="role" defaultValue={user.role} className="rounded-lg border border-stone-300 bg-white px-2 py-1.5 text-sm">
            <option value="customer">Customer</option>
            <option value="admin">Admin</option>
          </select>
        </ActionForm>
        {user.deactivatedAt ? (
          <ActionForm action={setActiveAction} hidden={{ id: user.id, active: "true" }} label="Reactivate" name="Reactivate user" />
        ) : (
          <ActionForm action={setActiveAction} hidden={{ id: user.id, active: "false" }} label="Deactivate" tone="danger" name="Deactivate user" confirm="Deactivate this user? They are signed out everywhere and cannot sign in." />
        )}
        {user.orderCount === 0 ? (
          <ActionForm action={deleteUserAction} hidden={{ id: user.id }} label="Delete user" tone="danger" name="Delete user" confirm="Delete this user for good?" />
        ) : (
          <p className="text-sm text-stone-600">A user with orders can be deactivated, not deleted.</p>
        )}
      </section>

      <section aria-labelledby="subscription-heading" className="space-y-2">
        <h2 id="subscription-heading" className="text-xl font-semibold">
          Subscription
        </h2>
        {subscription ? (
          <p className="text-sm">
            {subscription.plan} · {subscription.status}
            {subscription.cancelAtPeriodEnd ? " · cancels at period end" : ""}
            {subscription.currentPeriodEnd ? ` · period ends ${subscription.currentPeriodEnd.toISOString().slice(0, 10)}` : ""} ·{" "}
            <Link href="/admin/subscriptions" className="text-brand-700 underline">
              subscriptions
            </Link>
          </p>
        ) : (
          <p className="text-sm text-stone-600">No subscription.</p>
        )}
      </section>

      <section aria-labelledby="orders-heading" className="space-y-2">
        <h2 id="orders-heading" className="text-xl font-semibold">
          Orders
        </h2>
        {orders.length === 0 ? (
          <p className="text-sm text-stone-600">No orders.</p>
        ) : (
          <table className="w-full text-left text-sm" aria-label="Orders">
            <thead className="border-b border-stone-200 text-stone-600">
              <tr>
                <th className="py-2">Number</th>
                <th>Date (UTC)</th>
                <th>Status</th>
                <th className="text-right">Total</th>
                <th className="text-right">Refunded</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id} className="border-b border-stone-100">
                  <td className="py-2">{orderReference(o.number)}</td>
                  <td>{o.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                  <td>{o.status}</td>
                  <td className="text-right tabular-nums">{formatMoney(o.amountTotal, o.currency)}</td>
                  <td className="text-right tabular-nums">{formatMoney(o.amountRefunded, o.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <AdminHistory entries={history} />
    </div>
  );
}
