"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { formAction } from "@/lib/http/action";
import { replayDeadStripeEvents, replayStripeEvent } from "@/lib/webhooks";

const audit = (userId: string, path: string, requestBody: unknown, responseBody: unknown) =>
  recordAudit({ method: "POST", path, status: 202, durationMs: 0, clientIp: null, userId, requestId: randomUUID(), requestBody, responseBody });

/** Replay one stored event through the job queue (audited: who replayed which event). */
export const replayEventAction = formAction({ input: z.object({ event_id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/) }), echo: [], auth: "admin" }, async (input, { user }) => {
  await replayStripeEvent(input.event_id);
  await audit(user!.id, `/admin/webhooks/${input.event_id}#replay`, { event_id: input.event_id }, { replayed: 1 });
  revalidatePath("/admin/webhooks");
  revalidatePath(`/admin/webhooks/${input.event_id}`);
  return { data: { message: "Replay queued." } };
});

/** Replay every dead event (audited, with how many). */
export const replayDeadAction = formAction({ input: z.object({}), echo: [], auth: "admin" }, async (_input, { user }) => {
  const replayed = await replayDeadStripeEvents();
  await audit(user!.id, "/admin/webhooks#replay-dead", {}, { replayed });
  revalidatePath("/admin/webhooks");
  return { data: { message: replayed ? `${replayed} dead event${replayed === 1 ? "" : "s"} queued for replay.` : "No dead events." } };
});
