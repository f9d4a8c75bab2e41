/**
 * Where to go after signing in: only a same-origin path ("/orders?x=1"), never another site
 * ("//evil.example", "https://…", "/\\evil").
 */
export function safeCallbackPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  try {
    const url = new URL(value, "http://cashline.invalid");
    if (url.origin !== "http://cashline.invalid") return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
