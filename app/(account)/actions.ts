"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth/auth";
import { getSessionUser } from "@/lib/auth/session";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { clientIp } from "@/lib/auth/client-ip";
import { INVALID_CREDENTIALS_MESSAGE } from "@/lib/auth/login";
import { checkLoginAllowed } from "@/lib/auth/rate-limit";
import { changePassword, requestPasswordReset, resetPassword, RESET_SENT_MESSAGE } from "@/lib/auth/password-reset";
import { passwordSchema } from "@/lib/auth/passwords";
import { registerUser } from "@/lib/auth/signup";
import { emailSchema, findUserByEmail, newUserSchema } from "@/lib/auth/users";
import { adoptGuestCartAtLogin } from "@/lib/cart/session";
import { claimGuestOrder, parseOrderClaim } from "@/lib/orders";
import { formAction, type FormState } from "@/lib/http/action";
import { plainText } from "@/lib/validation/text";

/** What the login and signup forms show after a failed submit. */
export type AccountFormState = FormState<"name" | "email" | "password">;

/** Where to go after signing in: a path on this site only. */
const callbackUrl = z.string().max(2048).optional();

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
  callbackUrl,
});

export const loginAction = formAction({ input: loginSchema, echo: ["email"] }, async (input) => {
  const error = await startSession(input.email, input.password);
  if (error) return { error };
  redirect(safeCallbackPath(input.callbackUrl));
});

const signupSchema = newUserSchema.omit({ role: true }).extend({ callbackUrl, claim: z.string().max(300).optional() });

export const signupAction = formAction({ input: signupSchema, echo: ["name", "email"] }, async (input) => {
  // An email already taken comes back as that field's message, a rate limit as the form's.
  const { claim, ...account } = input;
  const user = await registerUser(account, { ip: clientIp(await headers()) });
  // Signed up from a guest order's "create an account to track this order": it joins the account.
  const order = parseOrderClaim(claim);
  if (order) await claimGuestOrder(order, user.id);
  const error = await startSession(input.email, input.password);
  if (error) return { error };
  redirect(safeCallbackPath(input.callbackUrl));
});

/** What the forgot-password and reset-password forms show. */
export type ResetFormState = FormState<"email" | "password" | "token">;

/** "Forgot your password?": the same answer whether the email has an account or not. */
export const forgotPasswordAction = formAction({ input: z.object({ email: emailSchema }), echo: ["email"] }, async (input) => {
  await requestPasswordReset(input.email, { ip: clientIp(await headers()) });
  return { data: { sent: RESET_SENT_MESSAGE } };
});

/** A new password from the emailed link; then sign in with it. */
export const resetPasswordAction = formAction(
  { input: z.object({ token: z.string().min(1, { error: "The reset link is incomplete." }).max(500), password: passwordSchema }), echo: [] },
  async (input) => {
    await resetPassword(input.token, input.password);
    redirect("/login?reset=1");
  },
);

/** What the change-password form shows. */
export type ChangePasswordFormState = FormState<"current_password" | "password">;

/** A signed-in user's new password: the current one checked; then sign in again everywhere. */
export const changePasswordAction = formAction(
  {
    input: z.object({ current_password: plainText({ error: "Enter your current password." }).min(1, { error: "Enter your current password." }).max(200), password: passwordSchema }),
    echo: [],
  },
  async (input) => {
    const user = await getSessionUser();
    if (!user) redirect("/login?callbackUrl=%2Faccount%2Fpassword");
    await changePassword(user.id, { currentPassword: input.current_password, password: input.password }, { ip: clientIp(await headers()) });
    // The change ended every session, this one too: clear its cookie and sign in with the new password.
    await signOut({ redirect: false });
    redirect("/login?reset=1");
  },
);

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
