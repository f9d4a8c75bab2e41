import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { getSessionUser } from "@/lib/auth/session";
import { changePasswordAction } from "../../actions";

export const metadata: Metadata = { title: "Change your password", robots: { index: false } };
export const dynamic = "force-dynamic";

export default async function ChangePasswordPage() {
  const user = await getSessionUser();
  if (!user) redirect("/login?callbackUrl=%2Faccount%2Fpassword");
  return (
    <div className="mx-auto max-w-sm py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Change your password</h1>
      <p className="mt-2 mb-6 text-sm text-stone-600">Changing it signs you out on every device, this one too; then sign in with the new password.</p>
      <ChangePasswordForm action={changePasswordAction} />
    </div>
  );
}
