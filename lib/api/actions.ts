import { ZodError } from "zod";
import { logFor } from "@/lib/log";
import { ApiError, zodFieldErrors } from "./responses";

/** What a server action returns to the UI: data, or a message with per-field errors. */
export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | { ok: false; error: string; fields?: Record<string, string[]> };

/** Run a server action's body, turning expected failures into an ActionResult (never a 500). */
export async function runAction<T>(body: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await body() };
  } catch (err) {
    if (err instanceof ApiError) return { ok: false, error: err.message, fields: err.fields };
    if (err instanceof ZodError) return { ok: false, error: "Please check the highlighted fields.", fields: zodFieldErrors(err) };
    const stripeMessage = (err as { type?: string; message?: string }).type?.startsWith("Stripe") ? (err as Error).message : null;
    logFor("action").error({ err }, "server action failed");
    return { ok: false, error: stripeMessage ?? "Something went wrong. Please try again." };
  }
}
