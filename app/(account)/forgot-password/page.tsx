import type { Metadata } from "next";
import Link from "next/link";
import { ForgotPasswordForm } from "@/components/account/password-reset-forms";
import { forgotPasswordAction } from "../actions";

export const metadata: Metadata = { title: "Forgot your password?", robots: { index: false } };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-sm py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Forgot your password?</h1>
      <p className="mt-2 mb-6 text-sm text-stone-600">Enter your account&apos;s email and we&apos;ll send you a link to choose a new one.</p>
      <ForgotPasswordForm action={forgotPasswordAction} />
      <p className="mt-6 text-sm text-stone-600">
        Remembered it?{" "}
        <Link href="/login" className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
