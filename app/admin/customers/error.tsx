"use client";

import { AdminError } from "@/components/admin/admin-error";

export default function CustomersError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminError what="customers" digest={error.digest} reset={reset} />;
}
