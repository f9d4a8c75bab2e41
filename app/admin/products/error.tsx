"use client";

import { AdminError } from "@/components/admin/admin-error";

export default function ProductsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <AdminError what="products" digest={error.digest} reset={reset} />;
}
