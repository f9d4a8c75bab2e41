import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/admin/page-parts";
import { pickSearchParams } from "@/app/admin/search-params";
import { Breadcrumbs } from "@/components/admin/breadcrumbs";
import { ReplayButton } from "@/components/admin/replay-button";
import { zodFieldErrors } from "@/lib/errors";
import { adminWebhookEventsQuerySchema, toWebhookEventFilter } from "@/lib/http/contracts/admin";
import { queueStats } from "@/lib/jobs/queue";
import { countWebhookEventsByStatus, listWebhookEvents, WEBHOOK_EVENT_STATUSES } from "@/lib/webhooks";
import { replayDeadAction } from "./actions";

export const metadata: Metadata = { title: "Webhooks & jobs" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTERS = ["status", "type", "cursor", "limit"] as const;
const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);

/** Stripe's webhook events as stored (filter by status and type, in the URL), and the job queues. */
export default async function AdminWebhooksPage({ searchParams }: Props) {
  const raw = pickSearchParams(await searchParams, FILTERS);
  const parsed = adminWebhookEventsQuerySchema.safeParse(raw);
  const errors = parsed.success ? {} : zodFieldErrors(parsed.error);
  const [page, counts, queues] = await Promise.all([
    parsed.success ? listWebhookEvents(toWebhookEventFilter(parsed.data)) : Promise.resolve({ events: [], nextCursor: null }),
    countWebhookEventsByStatus(),
    queueStats(),
  ]);
  const { cursor: _cursor, ...filters } = raw;
  const next = page.nextCursor ? `?${new URLSearchParams({ ...filters, cursor: page.nextCursor })}` : null;
  return (
    <div className="space-y-8">
      <Breadcrumbs items={[{ label: "Webhooks & jobs" }]} />
      <h1 className="text-3xl font-semibold tracking-tight">Webhooks &amp; jobs</h1>

      <section aria-labelledby="jobs-heading">
        <h2 id="jobs-heading" className="mb-3 text-lg font-semibold">
          Job queues
        </h2>
        <table className="text-left text-sm" aria-label="Job queues">
          <thead className="border-b border-stone-200 text-stone-600">
            <tr>
              <th scope="col" className="py-2 pr-6">Queue</th>
              <th scope="col" className="pr-6 text-right">Waiting</th>
              <th scope="col" className="pr-6 text-right">Running</th>
              <th scope="col" className="text-right">Dead letters (kept)</th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.name} className="border-b border-stone-100">
                <td className="py-2 pr-6 font-mono text-xs">{q.name}</td>
                <td className="pr-6 text-right tabular-nums">{q.queued}</td>
                <td className="pr-6 text-right tabular-nums">{q.active}</td>
                <td className="text-right tabular-nums">{q.deadLetters}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="events-heading" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="events-heading" className="text-lg font-semibold">
            Webhook events
          </h2>
          {counts.dead > 0 ? <ReplayButton action={replayDeadAction} label={`Replay all ${counts.dead} dead`} /> : null}
        </div>
        <ul className="flex flex-wrap gap-2 text-sm" aria-label="Events by status">
          {WEBHOOK_EVENT_STATUSES.map((s) => (
            <li key={s}>
              <Link href={`/admin/webhooks?status=${s}`} aria-current={raw.status === s ? "page" : undefined} className={`rounded-full px-3 py-1 ring-1 ring-stone-300 ${raw.status === s ? "bg-stone-800 text-white" : "text-stone-700 hover:bg-stone-100"}`}>
                {s} <span className="tabular-nums">{counts[s]}</span>
              </Link>
            </li>
          ))}
        </ul>
        <form method="get" className="flex flex-wrap items-end gap-3 text-sm" aria-label="Filter webhook events">
          <label className="flex flex-col gap-1 font-medium text-stone-700">
            Status
            <select name="status" defaultValue={raw.status ?? ""} className="rounded-lg border border-stone-300 px-3 py-1.5 font-normal">
              <option value="">Any</option>
              {WEBHOOK_EVENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 font-medium text-stone-700">
            Type
            <input name="type" defaultValue={raw.type ?? ""} placeholder="charge.refunded" aria-invalid={errors.type ? true : undefined} className="rounded-lg border border-stone-300 px-3 py-1.5 font-normal" />
            {errors.type ? <span className="text-red-700">{errors.type[0]}</span> : null}
          </label>
          <button type="submit" className="rounded-lg bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            Filter
          </button>
        </form>
        {errors.status || errors.cursor || errors.limit ? <p className="text-sm text-red-700">{(errors.status ?? errors.cursor ?? errors.limit)[0]}</p> : null}
        <DataTable
          label="Webhook events"
          columns={["Event", "Type", "Status", { label: "Attempts", right: true }, "Last error", "Received (UTC)"]}
          empty="No events match."
          rows={page.events.map((e) => (
            <tr key={e.id} className="border-b border-stone-100" data-testid="webhook-row">
              <td className="py-2 font-mono text-xs">
                <Link href={`/admin/webhooks/${e.id}`} className="text-brand-700 underline">
                  {e.id}
                </Link>
              </td>
              <td className="font-mono text-xs">{e.type}</td>
              <td>{e.status}</td>
              <td className="text-right tabular-nums">{e.attempts}</td>
              <td className="max-w-xs truncate" title={e.lastError ?? undefined}>
                {e.lastError ?? "—"}
              </td>
              <td className="whitespace-nowrap">{when(e.receivedAt)}</td>
            </tr>
          ))}
        />
        {next ? (
          <Link href={`/admin/webhooks${next}`} className="font-medium text-brand-700 underline">
            Older events
          </Link>
        ) : null}
      </section>
    </div>
  );
}
