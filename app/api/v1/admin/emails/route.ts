import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { listEmails } from "@/lib/email";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/emails: the email outbox (admins only), newest first.
export const GET = route({ auth: "admin" }, async () => {
  const emails = await listEmails(200);
  return json({
    data: emails.map((e) => ({
      id: e.id,
      kind: e.kind,
      to: e.to,
      subject: e.subject,
      text: e.text,
      status: e.status,
      order_id: e.orderId,
      created_at: e.createdAt.toISOString(),
      sent_at: e.sentAt?.toISOString() ?? null,
    })),
  });
});
