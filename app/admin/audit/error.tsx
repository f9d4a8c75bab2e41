"use client";

import { AdminError } from "@/components/admin/admin-error";

export default function AuditError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminError what="audit log" digest={error.digest} reset={reset} />;
}
