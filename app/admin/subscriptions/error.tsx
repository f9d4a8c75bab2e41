"use client";

import { AdminError } from "@/components/admin/admin-error";

export default function SubscriptionsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminError what="subscriptions" digest={error.digest} reset={reset} />;
}
