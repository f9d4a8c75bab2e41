import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { ActionForm } from "@/components/admin/action-form";
import { DataTable, NextPageLink, pickParams, TitleBar } from "@/components/admin/page-parts";
import { listSubscriptionsForAdmin, SUBSCRIPTION_STATUSES } from "@/lib/subscriptions";
import { cancelAtPeriodEndAction } from "./actions";

export const metadata: Metadata = { title: "Subscriptions" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const querySchema = z.object({ status: z.enum(SUBSCRIPTION_STATUSES).optional(), cursor: z.uuid().optional() });
const CANCELABLE = new Set(["active", "trialing", "past_due", "incomplete"]);

/** Every subscription, newest first: plan, status, period end, customer; cancel at period end for a customer. */
export default async function AdminSubscriptionsPage({ searchParams }: Props) {
  const raw = pickParams(await searchParams, ["status", "cursor"]);
  const parsed = querySchema.safeParse(raw);
  const page = parsed.success ? await listSubscriptionsForAdmin(parsed.data) : { subscriptions: [], nextCursor: null };
  const next = page.nextCursor ? `/admin/subscriptions?${new URLSearchParams({ ...raw, cursor: page.nextCursor })}` : null;
  return (
    <div className="space-y-6">
      <TitleBar title="Subscriptions" />
      <form method="get" action="/admin/subscriptions" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter subscriptions">
        <label className="flex flex-col gap-1 font-medium text-stone-700">
          Status
          <select name="status" defaultValue={raw.status ?? ""} className="rounded-lg border border-stone-300 bg-white px-3 py-1.5 font-normal">
            <option value="">All</option>
            {SUBSCRIPTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-lg bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-900">
          Filter
        </button>
        {parsed.success ? null : <span className="text-red-700">Unknown status or page.</span>}
      </form>
      <DataTable
        label="Subscriptions"
        columns={["Customer", "Plan", "Status", "Period end (UTC)", "Action"]}
        empty="No subscriptions."
        rows={page.subscriptions.map((s) => (
          <tr key={s.id} className="border-b border-stone-100" data-testid="subscription-row">
            <td className="py-2">
              <Link href={`/admin/users/${s.userId}`} className="font-medium text-brand-700 underline">
                {s.email}
              </Link>
            </td>
            <td>{s.plan}</td>
            <td>
              {s.status.replace("_", " ")}
              {s.cancelAtPeriodEnd ? " · cancels at period end" : ""}
            </td>
            <td>{s.currentPeriodEnd?.toISOString().slice(0, 10) ?? "—"}</td>
            <td>
              {CANCELABLE.has(s.status) && !s.cancelAtPeriodEnd ? (
                <ActionForm action={cancelAtPeriodEndAction} hidden={{ user_id: s.userId }} label="Cancel at period end" tone="danger" name={`Cancel ${s.email}'s subscription at period end`} confirm="Cancel this subscription at the end of its period?" />
              ) : null}
            </td>
          </tr>
        ))}
      />
      <NextPageLink href={next} />
    </div>
  );
}
