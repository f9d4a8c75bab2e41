import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { DataTable, NextPageLink, pickParams, TitleBar } from "@/components/admin/page-parts";
import { listEmailsPage } from "@/lib/email";

export const metadata: Metadata = { title: "Emails" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The outbox: every email Cashline wrote, newest first, a page at a time. */
export default async function AdminEmailsPage({ searchParams }: Props) {
  const raw = pickParams(await searchParams, ["cursor"]);
  const cursor = z.uuid().optional().safeParse(raw.cursor).data;
  const page = await listEmailsPage({ cursor });
  const next = page.nextCursor ? `/admin/emails?cursor=${page.nextCursor}` : null;
  return (
    <div className="space-y-6">
      <TitleBar title="Emails" />
      <DataTable
        label="Emails"
        columns={["Created (UTC)", "To", "Subject", "Kind", "Status"]}
        empty="No emails yet."
        rows={page.emails.map((e) => (
          <tr key={e.id} className="border-b border-stone-100" data-testid="email-row">
            <td className="py-2 whitespace-nowrap">{e.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
            <td>{e.to}</td>
            <td>
              <Link href={`/admin/emails/${e.id}`} className="font-medium text-brand-700 underline">
                {e.subject}
              </Link>
            </td>
            <td>{e.kind}</td>
            <td>{e.status}</td>
          </tr>
        ))}
      />
      <NextPageLink href={next} />
    </div>
  );
}
