import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignupForm } from "@/components/account/signup-form";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { getSessionUser } from "@/lib/auth/session";
import { parseOrderClaim } from "@/lib/orders";
import { signupAction } from "../actions";

export const metadata: Metadata = { title: "Create account" };
export const dynamic = "force-dynamic";

export default async function SignupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  const claim = parseOrderClaim(typeof params.claim === "string" ? params.claim : null);
  if (await getSessionUser()) redirect(callbackUrl);
  const loginHref = callbackUrl === "/" ? "/login" : `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <div className="mx-auto max-w-sm py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Create account</h1>
      <p className="mt-2 mb-6 text-sm text-stone-600">
        Already have one?{" "}
        <Link href={loginHref} className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
      {claim ? (
        <p className="mb-4 rounded-lg bg-brand-50 p-3 text-sm text-stone-800" data-testid="claim-note">
          Your order will be saved to the new account, so you can follow it under Your orders.
        </p>
      ) : null}
      <SignupForm action={signupAction} callbackUrl={callbackUrl} claim={claim ? `${claim.orderId}.${claim.token}` : null} />
    </div>
  );
}
