import { ZodError, type z } from "zod";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { isDomainError, zodFieldErrors, type FieldErrors } from "@/lib/errors";
import { logFor } from "@/lib/log";
import { classifyStripeError } from "@/lib/stripe/errors";

/** What a server action returns to the UI: data, or a message with per-field errors. */
export type ActionResult<T = undefined> = { ok: true; data: T } | { ok: false; error: string; fields?: FieldErrors };

type ActionAuth = "optional" | "user";
type ActionUser<A extends ActionAuth> = A extends "user" ? SessionUser : SessionUser | null;

/**
 * Every server action called with arguments goes through here (the validatedActionWithUser
 * shape of nextjs/saas-starter): the input is validated, the session user loaded, and whatever
 * the body throws becomes an ActionResult the UI can show; never a 500 page.
 * - a domain error: its message and fields;
 * - a schema failure: "Please check the highlighted fields." with each field;
 * - a Stripe error: Stripe's message (written for the payer);
 * - anything else: logged, and a generic message.
 */
export function action<S extends z.ZodType, T, A extends ActionAuth = "optional">(
  spec: { input: S; auth?: A },
  body: (input: z.output<S>, ctx: { user: ActionUser<A> }) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const input = spec.input.parse(raw);
      const user = await getSessionUser();
      if (spec.auth === "user" && !user) return { ok: false, error: "Please sign in first." };
      return { ok: true, data: await body(input, { user: user as ActionUser<A> }) };
    } catch (err) {
      return actionFailure(err);
    }
  };
}

function actionFailure(err: unknown): { ok: false; error: string; fields?: FieldErrors } {
  if (isDomainError(err)) return { ok: false, error: err.message, fields: err.fields };
  if (err instanceof ZodError) return { ok: false, error: "Please check the highlighted fields.", fields: zodFieldErrors(err) };
  const stripe = classifyStripeError(err);
  logFor("action").error({ err }, "server action failed");
  return { ok: false, error: stripe?.message ?? "Something went wrong. Please try again." };
}

/** A form's text fields by name (files and repeated names are not used by our forms). */
export function formFields(form: FormData): Record<string, string> {
  return Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

/** What a form's server action (React's useActionState) shows after a submit that failed. */
export type FormState<F extends string = string> = {
  error?: string;
  /** The first message for each field. */
  fields?: Partial<Record<F, string>>;
  /** What to put back in the form (never a password). */
  values?: Partial<Record<F, string>>;
  /** What a successful submit has to show (e.g. a key displayed once). */
  data?: Record<string, string>;
};

/**
 * A form's server action: the form's text fields are validated with `input`; a failure, or a
 * domain error from the body, comes back as a FormState that names the fields, with the `echo`
 * fields put back. Anything else (Next's redirect() included) is thrown on as usual.
 */
export function formAction<S extends z.ZodType, F extends string>(
  spec: { input: S; echo: readonly F[]; auth?: "admin" },
  body: (input: z.output<S>, ctx: { values: Partial<Record<F, string>>; user: SessionUser | null }) => Promise<FormState<F> | void>,
): (prev: FormState<F>, form: FormData) => Promise<FormState<F>> {
  return async (_prev, form) => {
    // A server action is a public endpoint: an admin form checks the role itself, every time.
    const user = spec.auth === "admin" ? await getSessionUser() : null;
    if (spec.auth === "admin" && user?.role !== "admin") return { error: "This needs the admin role." };
    const raw = formFields(form);
    const values = Object.fromEntries(spec.echo.filter((k) => k in raw).map((k) => [k, raw[k]])) as Partial<Record<F, string>>;
    const parsed = spec.input.safeParse(raw);
    if (!parsed.success) return { fields: firstMessages<F>(zodFieldErrors(parsed.error)), values };
    try {
      return { values, ...(await body(parsed.data, { values, user })) };
    } catch (err) {
      if (!isDomainError(err)) throw err;
      return err.fields ? { fields: firstMessages<F>(err.fields), values } : { error: err.message, values };
    }
  };
}

function firstMessages<F extends string>(fields: FieldErrors): Partial<Record<F, string>> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.split(".")[0], v[0]])) as Partial<Record<F, string>>;
}
