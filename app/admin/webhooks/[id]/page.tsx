import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/admin/breadcrumbs";
import { ReplayButton } from "@/components/admin/replay-button";
import { listAudit } from "@/lib/audit";
import { getUserById } from "@/lib/auth/users";
import { getWebhookEvent } from "@/lib/webhooks";
import { replayEventAction } from "../actions";

export const metadata: Metadata = { title: "Webhook event" };
export const dynamic = "force-dynamic";

const when = (d: Date | null) => (d ? `${d.toISOString().replace("T", " ").slice(0, 19)} UTC` : "—");

export default async function AdminWebhookEventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const event = /^evt_[A-Za-z0-9_]{1,250}$/.test(id) ? await getWebhookEvent(id) : null;
  if (!event) notFound();
  // Who replayed it (the replay actions and the API route are audited).
  const [fromPage, fromApi] = await Promise.all([listAudit({ path: `/admin/webhooks/${event.id}#`, limit: 20 }), listAudit({ path: `/api/v1/admin/webhook-events/${event.id}/replay`, limit: 20 })]);
  const replays = [...fromPage.entries, ...fromApi.entries].filter((e) => e.status < 300).sort((a, b) => a.at.getTime() - b.at.getTime());
  const ids = [...new Set(replays.map((r) => r.userId).filter((id): id is string => !!id))];
  const emails = new Map((await Promise.all(ids.map((id) => getUserById(id)))).filter((u) => u !== null).map((u) => [u.id, u.email]));
  return (
    <div className="space-y-6">
      <Breadcrumbs items={[{ label: "Webhooks & jobs", href: "/admin/webhooks" }, { label: event.id }]} />
      <h1 className="break-all text-2xl font-semibold tracking-tight">{event.type}</h1>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-stone-600">Event</dt>
        <dd className="break-all font-mono text-xs">{event.id}</dd>
        <dt className="text-stone-600">Status</dt>
        <dd data-testid="webhook-status">{event.status}</dd>
        <dt className="text-stone-600">Attempts</dt>
        <dd data-testid="webhook-attempts">{event.attempts}</dd>
        <dt className="text-stone-600">Last error</dt>
        <dd>{event.lastError ?? "—"}</dd>
        <dt className="text-stone-600">Created on Stripe</dt>
        <dd>{when(event.stripeCreatedAt)}</dd>
        <dt className="text-stone-600">Received</dt>
        <dd>{when(event.receivedAt)}</dd>
        <dt className="text-stone-600">Processed</dt>
        <dd>{when(event.processedAt)}</dd>
      </dl>
      <ReplayButton action={replayEventAction} label="Replay this event" eventId={event.id} />
      {replays.length > 0 ? (
        <section aria-labelledby="replays-heading">
          <h2 id="replays-heading" className="mb-2 text-lg font-semibold">
            Replays
          </h2>
          <ul className="space-y-1 text-sm" data-testid="webhook-replays">
            {replays.map((r) => (
              <li key={r.id}>
                {when(r.at)} by {r.userId ? (emails.get(r.userId) ?? `user ${r.userId.slice(0, 8)}`) : "—"} ({r.path.startsWith("/api/") ? "API" : "admin page"})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="payload-heading">
        <h2 id="payload-heading" className="mb-2 text-lg font-semibold">
          Payload
        </h2>
        <pre className="max-h-[32rem] overflow-auto rounded-lg bg-stone-900 p-4 text-xs text-stone-100" tabIndex={0} aria-label="Event payload">
          {JSON.stringify(event.payload, null, 2)}
        </pre>
      </section>
    </div>
  );
}
