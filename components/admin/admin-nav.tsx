"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export type AdminSection = { href: string; label: string };

/** The admin sidebar's links; the current section is marked for screen readers too. */
export function AdminNav({ sections }: { sections: AdminSection[] }) {
  const pathname = usePathname();
  const current = (href: string) => (href === "/admin" ? pathname === "/admin" : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav aria-label="Admin sections">
      <ul className="flex flex-wrap gap-1 md:flex-col">
        {sections.map((s) => (
          <li key={s.href}>
            <Link
              href={s.href}
              aria-current={current(s.href) ? "page" : undefined}
              className={`block rounded-lg px-3 py-2 text-sm font-medium ${current(s.href) ? "bg-brand-600 text-white" : "text-stone-700 hover:bg-stone-100"}`}
            >
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
