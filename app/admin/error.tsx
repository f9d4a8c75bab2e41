"use client";

import { AdminError } from "@/components/admin/admin-error";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminError what="dashboard" digest={error.digest} reset={reset} />;
}
