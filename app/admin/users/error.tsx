"use client";

import { AdminError } from "@/components/admin/admin-error";

export default function UsersError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminError what="users" digest={error.digest} reset={reset} />;
}
