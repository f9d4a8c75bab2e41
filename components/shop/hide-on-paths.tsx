"use client";

import { usePathname } from "next/navigation";

/** Its children, except on the given paths (e.g. "Create account" on the sign-in and sign-up pages). */
export function HideOnPaths({ paths, children }: { paths: string[]; children: React.ReactNode }) {
  const pathname = usePathname();
  return paths.includes(pathname) ? null : <>{children}</>;
}
