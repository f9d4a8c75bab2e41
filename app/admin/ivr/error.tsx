"use client";

import { AdminError } from "@/components/admin/admin-error";

export default function IvrError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminError what="phone payments" digest={error.digest} reset={reset} />;
}
