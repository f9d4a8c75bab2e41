import { json } from "@/lib/http/responses";
import { route } from "@/lib/http/route";
import { emailsQuerySchema, listEmailsPage } from "@/lib/email";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/emails?to=&cursor=&limit=: the email outbox (admins only), newest first, a
// page at a time (`next_cursor` for the next one); `to` keeps one recipient's emails.
export const GET = route({ auth: "admin", query: emailsQuerySchema }, async ({ query }) => {
  const page = await listEmailsPage(query);
  return json({
    data: page.emails.map((e) => ({
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
    next_cursor: page.nextCursor,
  });
});
