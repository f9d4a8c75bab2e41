"use client";

import { AdminError } from "@/components/admin/admin-error";

export default function OrdersError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminError what="orders" digest={error.digest} reset={reset} />;
}
