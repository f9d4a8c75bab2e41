"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/**
 * Re-render the server components once after mount. The confirmation page empties the cart
 * while the layout (header badge) renders in parallel, so the badge is refreshed afterwards.
 */
export function RefreshOnce() {
  const router = useRouter();
  useEffect(() => {
    router.refresh();
  }, [router]);
  return null;
}
