import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { AdminHistory } from "@/components/admin/history";
import { Breadcrumbs } from "@/components/admin/breadcrumbs";
import { historyOf } from "@/lib/admin/history";
import { getEmail } from "@/lib/email";
import { resendEmailAction } from "../actions";

export const metadata: Metadata = { title: "Email" };
export const dynamic = "force-dynamic";

/**
 * One email: its HTML rendered in a sandboxed iframe (srcdoc, no scripts, no same origin: the
 * message cannot touch the admin page), its text, and a resend button.
 */
export default async function AdminEmailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const email = await getEmail(id);
  if (!email) notFound();
  const history = await historyOf(`/admin/emails/${email.id}`);
  return (
    <div className="space-y-6">
      <Breadcrumbs items={[{ label: "Emails", href: "/admin/emails" }, { label: email.subject }]} />
      <h1 className="text-3xl font-semibold tracking-tight">{email.subject}</h1>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="text-stone-600">To</dt>
        <dd>{email.to}</dd>
        <dt className="text-stone-600">Kind</dt>
        <dd>{email.kind}</dd>
        <dt className="text-stone-600">Status</dt>
        <dd>
          {email.status}
          {email.error ? ` (${email.error})` : ""}
        </dd>
        <dt className="text-stone-600">Created</dt>
        <dd>{email.createdAt.toISOString().slice(0, 19).replace("T", " ")} UTC</dd>
      </dl>
      <ActionForm action={resendEmailAction} hidden={{ id: email.id }} label="Resend" name="Resend this email" />
      <section aria-labelledby="html-heading" className="space-y-2">
        <h2 id="html-heading" className="text-xl font-semibold">
          HTML
        </h2>
        <iframe title={`The email "${email.subject}" as HTML`} sandbox="" srcDoc={email.html} className="h-[28rem] w-full rounded-lg border border-stone-200 bg-white" data-testid="email-html" />
      </section>
      <section aria-labelledby="text-heading" className="space-y-2">
        <h2 id="text-heading" className="text-xl font-semibold">
          Text
        </h2>
        <pre className="overflow-x-auto rounded-lg border border-stone-200 bg-stone-50 p-4 text-sm whitespace-pre-wrap" data-testid="email-text">
          {email.text}
        </pre>
      </section>
      <AdminHistory entries={history} />
    </div>
  );
}
