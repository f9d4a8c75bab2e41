/**
 * The admin sections this branch adds (users, products, subscriptions, emails; the dashboard is
 * /admin itself), for the sidebar: the layout's nav can spread this list into its own.
 */
export const ADMIN_SECTIONS_MORE = [
  { href: "/admin", label: "Dashboard" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/products", label: "Products" },
  { href: "/admin/subscriptions", label: "Subscriptions" },
  { href: "/admin/emails", label: "Emails" },
] as const;
