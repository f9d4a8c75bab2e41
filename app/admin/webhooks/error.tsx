"use client";

import { AdminError } from "@/components/admin/admin-error";

export default function WebhooksError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminError what="webhook events" digest={error.digest} reset={reset} />;
}
