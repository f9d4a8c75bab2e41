"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, signOut } from "@/auth";
import { ApiError, RateLimitedError } from "@/lib/api/responses";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { clientIp } from "@/lib/auth/client-ip";
import { INVALID_CREDENTIALS_MESSAGE } from "@/lib/auth/login";
import { checkLoginAllowed } from "@/lib/auth/rate-limit";
import { registerUser } from "@/lib/auth/signup";
import { emailSchema, findUserByEmail, newUserSchema } from "@/lib/auth/users";
import { adoptGuestCartAtLogin } from "@/lib/cart/session";
import { plainText } from "@/lib/validation/text";

/** What the login and signup forms show after a failed submit. */
export type AccountFormState = {
  error?: string;
  fields?: Partial<Record<"name" | "email" | "password", string>>;
  values?: { name?: string; email?: string };
};

function firstFieldErrors(error: z.ZodError): AccountFormState["fields"] {
  const fields: NonNullable<AccountFormState["fields"]> = {};
  for (const issue of error.issues) {
    const key = issue.path[0] as keyof typeof fields;
    fields[key] ??= issue.message;
  }
  return fields;
}

const text = (form: FormData, key: string) => {
  const v = form.get(key);
  return typeof v === "string" ? v : undefined;
};

/**
 * Start the Auth.js session (the Credentials provider checks the password and the rate limits
 * again), then bring the guest cart into the account. Returns an error message, or nothing.
 */
async function startSession(email: string, password: string): Promise<string | undefined> {
  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch (err) {
    if (err instanceof CredentialsSignin && err.code === "rate_limited") {
      const gate = await checkLoginAllowed({ email, ip: clientIp(await headers()) });
      return gate.allowed ? "Too many sign-in attempts. Try again in a few minutes." : gate.message;
    }
    if (err instanceof AuthError) return INVALID_CREDENTIALS_MESSAGE;
    throw err;
  }
  const user = await findUserByEmail(email);
  if (user) await adoptGuestCartAtLogin(user.id);
}

const loginSchema = z.object({
  email: emailSchema,
  password: plainText({ error: "Password is required." }).min(1, { error: "Password is required." }).max(200, { error: INVALID_CREDENTIALS_MESSAGE }),
});

export async function loginAction(_prev: AccountFormState, form: FormData): Promise<AccountFormState> {
  const values = { email: text(form, "email") };
  const parsed = loginSchema.safeParse({ email: text(form, "email"), password: text(form, "password") });
  if (!parsed.success) return { fields: firstFieldErrors(parsed.error), values };
  const error = await startSession(parsed.data.email, parsed.data.password);
  if (error) return { error, values };
  redirect(safeCallbackPath(text(form, "callbackUrl")));
}

export async function signupAction(_prev: AccountFormState, form: FormData): Promise<AccountFormState> {
  const values = { name: text(form, "name"), email: text(form, "email") };
  const parsed = newUserSchema.omit({ role: true }).safeParse({ name: text(form, "name"), email: text(form, "email"), password: text(form, "password") });
  if (!parsed.success) return { fields: firstFieldErrors(parsed.error), values };
  try {
    await registerUser(parsed.data, { ip: clientIp(await headers()) });
  } catch (err) {
    if (err instanceof RateLimitedError) return { error: err.message, values };
    if (err instanceof ApiError && err.code === "email_taken") return { fields: { email: err.message }, values };
    throw err;
  }
  const error = await startSession(parsed.data.email, parsed.data.password);
  if (error) return { error, values };
  redirect(safeCallbackPath(text(form, "callbackUrl")));
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
