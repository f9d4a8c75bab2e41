"use client";

import { AdminError } from "@/components/admin/admin-error";

export default function EmailsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminError what="emails" digest={error.digest} reset={reset} />;
}
