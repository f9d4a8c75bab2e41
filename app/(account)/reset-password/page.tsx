import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/account/password-reset-forms";
import { isResetTokenValid, RESET_INVALID_MESSAGE } from "@/lib/auth/password-reset";
import { resetPasswordAction } from "../actions";

export const metadata: Metadata = { title: "Choose a new password", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).token;
  const token = typeof raw === "string" ? raw.slice(0, 500) : "";
  const valid = token !== "" && (await isResetTokenValid(token));
  return (
    <div className="mx-auto max-w-sm py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Choose a new password</h1>
      {valid ? (
        <>
          <p className="mt-2 mb-6 text-sm text-stone-600">Setting it signs you out on every device; then sign in with the new password.</p>
          <ResetPasswordForm action={resetPasswordAction} token={token} />
        </>
      ) : (
        <p role="alert" className="mt-4 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {RESET_INVALID_MESSAGE}{" "}
          <Link href="/forgot-password" className="font-medium underline">
            Ask for a new link
          </Link>
        </p>
      )}
    </div>
  );
}
